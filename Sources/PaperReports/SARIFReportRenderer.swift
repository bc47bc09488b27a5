import Foundation
import PaperFacts
import PaperRules

/// SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, SARIF viewers): one run whose
/// driver lists the profile's rules, and one result per finding.
///
/// Where a finding is: SARIF locates results in text (lines, columns) or bytes, and a PDF page is
/// neither. So a result's `physicalLocation` names the file only (no `region`, which must describe
/// text or bytes), and carries the page and box in its property bag:
/// `"properties": {"page": 2, "box": {"x0": ..., "y0": ..., "x1": ..., "y1": ...}}` (PDF points,
/// top-left origin; `pages` too when the finding spans several). A `logicalLocations` entry named
/// `page 2` (or `pages 1-4`) shows the page where viewers print logical locations.
///
/// The file path becomes a URI reference: relative paths stay relative, with characters a URI
/// cannot hold (spaces, `<`, `>`, ...) percent-encoded; absolute paths become `file://` URIs.
/// Waived findings are results with a `suppressions` entry (kind `external`, the reason as justification).
/// Run-level notices (a waiver that matched nothing) are problems of the configuration, not of a
/// file: they are `invocations[0].toolConfigurationNotifications`, described in `tool.driver.notifications`,
/// so that every result keeps a location (GitHub code scanning requires one).
public struct SARIFReportRenderer: ReportRenderer {
    /// The `$schema` of the log.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// `tool.driver.informationUri` unless the caller gives another (papercheck has no public home yet).
    public static let defaultInformationURI = "https://papercheck.invalid/"

    /// The profile's rules, described in `tool.driver.rules`; nil describes only the rules that have results.
    let rules: [Rule]?
    /// Where people learn about papercheck (`tool.driver.informationUri`).
    public var informationURI: String

    /// A renderer that describes every rule of `profile`.
    public init(profile: Profile, informationURI: String = SARIFReportRenderer.defaultInformationURI) {
        rules = profile.rules
        self.informationURI = informationURI
    }

    /// A renderer that knows no profile and describes only the rules that have results.
    init(rules: [Rule]?, informationURI: String = SARIFReportRenderer.defaultInformationURI) {
        self.rules = rules
        self.informationURI = informationURI
    }

    /// The SARIF log as pretty-printed JSON with sorted keys, ending in a newline.
    public func render(_ report: Report) -> String {
        let log = sarifLog(for: report)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(log), let text = String(data: data, encoding: .utf8) else {
            return #"{"version": "2.1.0", "runs": []}"# + "\n"
        }
        return text + "\n"
    }

    // MARK: - Building the log

    func sarifLog(for report: Report) -> SARIFLog {
        var descriptors = (rules ?? []).map(descriptor(for:))
        var indexByID: [String: Int] = [:]
        for (index, descriptor) in descriptors.enumerated() where indexByID[descriptor.id] == nil {
            indexByID[descriptor.id] = index
        }
        var results: [SARIFLog.Result] = []
        func add(_ finding: Finding, path: String) {
            let ruleIndex: Int
            if let known = indexByID[finding.ruleId] {
                ruleIndex = known
            } else {
                ruleIndex = descriptors.count
                indexByID[finding.ruleId] = ruleIndex
                descriptors.append(descriptor(forUnlistedFinding: finding))
            }
            results.append(result(for: finding, path: path, ruleIndex: ruleIndex))
        }
        for file in report.files {
            for finding in file.findings { add(finding, path: file.path) }
        }
        let (notificationDescriptors, invocations) = configurationNotifications(report.notices ?? [])
        let driver = SARIFLog.Driver(name: report.tool.name, version: report.tool.version,
                                     informationUri: informationURI, rules: descriptors,
                                     notifications: notificationDescriptors)
        let run = SARIFLog.Run(tool: SARIFLog.Tool(driver: driver), invocations: invocations, results: results,
                               properties: SARIFLog.RunProperties(profile: report.profile.id,
                                                                  profileTitle: report.profile.title,
                                                                  reportSchema: report.schema))
        return SARIFLog(schema: Self.schemaURI, version: "2.1.0", runs: [run])
    }

    /// The notices as configuration notifications of one invocation, with their descriptors.
    private func configurationNotifications(_ notices: [Finding])
        -> (descriptors: [SARIFLog.ReportingDescriptor]?, invocations: [SARIFLog.Invocation]?) {
        guard !notices.isEmpty else { return (nil, nil) }
        var descriptors: [SARIFLog.ReportingDescriptor] = []
        var notifications: [SARIFLog.Notification] = []
        for notice in notices {
            let index = descriptors.firstIndex { $0.id == notice.ruleId } ?? descriptors.count
            if index == descriptors.count { descriptors.append(descriptor(forUnlistedFinding: notice)) }
            notifications.append(SARIFLog.Notification(
                descriptor: .init(id: notice.ruleId, index: index), level: level(notice.severity),
                message: .init(text: notice.message),
                properties: .init(check: notice.check, text: notice.text,
                                  values: notice.values.isEmpty ? nil : notice.values,
                                  hint: notice.hint.isEmpty ? nil : notice.hint)))
        }
        return (descriptors, [SARIFLog.Invocation(executionSuccessful: true, toolConfigurationNotifications: notifications)])
    }

    private func descriptor(for rule: Rule) -> SARIFLog.ReportingDescriptor {
        let summary = CheckRegistry.kind(named: rule.check)?.summary ?? rule.check
        let description = rule.definition.objectValue?["description"]?.stringValue
        return SARIFLog.ReportingDescriptor(
            id: rule.id,
            shortDescription: .init(text: summary),
            fullDescription: .init(text: description ?? fullDescription(summary: summary, reference: rule.reference)),
            help: rule.hint.isEmpty ? nil : .init(text: rule.parameterFilledHint),
            defaultConfiguration: .init(level: level(rule.severity)),
            properties: .init(check: rule.check, reference: rule.reference.isEmpty ? nil : rule.reference))
    }

    /// A rule id that is not in the profile (a run-level notice, or a report from another profile).
    private func descriptor(forUnlistedFinding finding: Finding) -> SARIFLog.ReportingDescriptor {
        let summary = finding.check == WaiverSet.noticeCheck ? WaiverSet.noticeSummary
            : CheckRegistry.kind(named: finding.check)?.summary ?? finding.check
        return SARIFLog.ReportingDescriptor(
            id: finding.ruleId,
            shortDescription: .init(text: summary),
            fullDescription: .init(text: fullDescription(summary: summary, reference: finding.reference)),
            help: finding.hint.isEmpty ? nil : .init(text: finding.hint),
            defaultConfiguration: .init(level: level(finding.severity)),
            properties: .init(check: finding.check, reference: finding.reference.isEmpty ? nil : finding.reference))
    }

    private func fullDescription(summary: String, reference: String) -> String {
        reference.isEmpty ? summary : summary + " Guideline: " + reference
    }

    private func result(for finding: Finding, path: String, ruleIndex: Int) -> SARIFLog.Result {
        let pages = finding.allPages
        let placement = SARIFLog.PlacementProperties(page: finding.page ?? (pages.count == 1 ? pages.first : nil),
                                                     pages: pages.count > 1 ? pages : nil, box: finding.box)
        let hasPlacement = placement.page != nil || placement.pages != nil || placement.box != nil
        let physical = SARIFLog.PhysicalLocation(artifactLocation: .init(uri: Self.uri(forPath: path)),
                                                 properties: hasPlacement ? placement : nil)
        let logical = FindingText.pages(of: finding).map { [SARIFLog.LogicalLocation(name: $0)] }
        let locations = [SARIFLog.Location(physicalLocation: physical, logicalLocations: logical)]
        let suppressions = finding.isWaived
            ? [SARIFLog.Suppression(kind: "external", justification: finding.waiver ?? "")] : nil
        return SARIFLog.Result(
            ruleId: finding.ruleId, ruleIndex: ruleIndex, level: level(finding.severity),
            message: .init(text: finding.message), locations: locations, suppressions: suppressions,
            properties: .init(check: finding.check, text: finding.text,
                              values: finding.values.isEmpty ? nil : finding.values,
                              hint: finding.hint.isEmpty ? nil : finding.hint, measured: finding.measured,
                              expected: finding.expected, measuredSize: finding.measuredSize,
                              expectedSize: finding.expectedSize, side: finding.side))
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// The path as a URI reference: relative stays relative (percent-encoded), absolute becomes `file://`.
    static func uri(forPath path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        // Only ASCII letters and digits are unreserved; `alphanumerics` also holds other scripts.
        allowed = allowed.intersection(CharacterSet(charactersIn: Unicode.Scalar(0x21)...Unicode.Scalar(0x7E)))
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        if path.hasPrefix("/") { return "file://" + encoded }
        // A first segment with a colon would read as a URI scheme.
        if let colon = encoded.firstIndex(of: ":"), !encoded[..<colon].contains("/") {
            return "./" + encoded
        }
        return encoded
    }
}

/// The subset of the SARIF 2.1.0 object model papercheck writes, as Codable types.
struct SARIFLog: Encodable {
    var schema: String
    var version: String
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]?
        var results: [Result]
        var properties: RunProperties
    }

    struct RunProperties: Encodable {
        var profile: String
        var profileTitle: String
        var reportSchema: String
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String
        var informationUri: String
        var rules: [ReportingDescriptor]
        /// Descriptors of the configuration notifications (only when there are some).
        var notifications: [ReportingDescriptor]?
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolConfigurationNotifications: [Notification]
    }

    struct Notification: Encodable {
        var descriptor: DescriptorReference
        var level: String
        var message: Message
        var properties: ResultProperties
    }

    struct DescriptorReference: Encodable {
        var id: String
        var index: Int
    }

    struct Message: Encodable {
        var text: String
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message?
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct RuleProperties: Encodable {
        var check: String
        /// The guideline sentence the rule encodes.
        var reference: String?
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]?
        var suppressions: [Suppression]?
        var properties: ResultProperties
    }

    struct ResultProperties: Encodable {
        var check: String
        var text: String?
        var values: [String: String]?
        var hint: String?
        // The typed measurements of the finding, as the JSON report writes them.
        var measured: Quantity? = nil
        var expected: Quantity? = nil
        var measuredSize: Dimensions? = nil
        var expectedSize: Dimensions? = nil
        var side: Side? = nil
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var properties: PlacementProperties?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
    }

    /// Page and box of a finding: SARIF has no page, so they travel in the property bag.
    struct PlacementProperties: Encodable {
        var page: Int?
        var pages: [Int]?
        var box: Box?
    }

    struct LogicalLocation: Encodable {
        var name: String
    }

    struct Suppression: Encodable {
        var kind: String
        var justification: String
    }
}
