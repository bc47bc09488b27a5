import Foundation

/// What a program chair does with a paper, from its findings and the profile's `triage` classes:
/// the verdict of the triage and the causes behind it, ranked.
public enum TriageClass: String, Codable, Sendable, CaseIterable, Comparable {
    /// A failure the venue rejects without review (over length, wrong page size, not anonymous).
    case deskReject = "desk-reject"
    /// A failure the authors must fix before the camera-ready version (a Type 3 font, an overflow).
    case fixBeforeCameraReady = "fix-before-camera-ready"
    /// The file could not be checked (damaged, encrypted, a timeout): someone has to look at it.
    case checkByHand = "check-by-hand"
    /// A listed submission without a PDF.
    case missing
    /// No error: nothing to do (warnings are advice).
    case ok

    /// The class a rule gives when its `triage` key is absent: errors must be fixed, warnings are advice.
    public static func `default`(for severity: Severity) -> TriageClass {
        severity == .error ? .fixBeforeCameraReady : .ok
    }

    /// How urgent, most urgent first: the order a chair works through a list in.
    var rank: Int {
        switch self {
        case .deskReject: 0
        case .missing: 1
        case .checkByHand: 2
        case .fixBeforeCameraReady: 3
        case .ok: 4
        }
    }

    /// More urgent classes sort first.
    public static func < (lhs: TriageClass, rhs: TriageClass) -> Bool { lhs.rank < rhs.rank }

    /// The classes a rule's `triage` may name (the others follow from the file's status).
    public static let ruleClasses: [TriageClass] = [.deskReject, .fixBeforeCameraReady, .ok]
}

/// One paper's triage: one verdict, and the causes that make it, most urgent first.
public struct Triage: Codable, Equatable, Sendable {
    /// The most urgent class among the causes; `ok` when there is none.
    public var verdict: TriageClass
    /// One cause per failing rule (errors first, then warnings), ranked by class, then by the
    /// profile's rule order.
    public var causes: [Cause]

    /// One rule's share of the verdict.
    public struct Cause: Codable, Equatable, Sendable {
        /// The rule, or `missing` / `unreadable` for a file without findings.
        public var ruleId: String
        /// The class this cause gives (`ok` for a warning).
        public var triage: TriageClass
        /// The severity of the rule's findings that make the cause.
        public var severity: Severity
        /// The rule's `cause` template filled from its first finding, e.g. "over length: 9.6 body pages".
        public var text: String
        /// How many unwaived findings (and folded places) of the rule stand behind it.
        public var count: Int

        /// Makes a cause.
        public init(ruleId: String, triage: TriageClass, severity: Severity, text: String, count: Int) {
            self.ruleId = ruleId
            self.triage = triage
            self.severity = severity
            self.text = text
            self.count = count
        }
    }

    /// Makes a triage.
    public init(verdict: TriageClass, causes: [Cause]) {
        self.verdict = verdict
        self.causes = causes
    }

    /// The causes as one line for a spreadsheet cell or a mail: "over length: 9.6 body pages; ...".
    public var summary: String {
        causes.isEmpty ? "no errors" : causes.map(\.text).joined(separator: "; ")
    }

    /// The triage of `report` under `profile`: unwaived error findings give their rule's class,
    /// warnings are listed as advice; a file that could not be checked or is missing has that class.
    public static func assess(_ report: FileReport, profile: Profile) -> Triage {
        switch report.status {
        case .missing:
            return Triage(verdict: .missing, causes: [Cause(ruleId: "missing", triage: .missing, severity: .error,
                                                            text: "no PDF", count: 1)])
        case .error:
            let reason = report.errorCode.map { "cannot be checked (\($0))" } ?? "cannot be checked"
            return Triage(verdict: .checkByHand, causes: [Cause(ruleId: "unreadable", triage: .checkByHand,
                                                                severity: .error, text: reason, count: 1)])
        case .pass, .warn, .fail:
            break
        }
        let order = Dictionary(profile.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byRule: [String: [Finding]] = [:]
        for finding in report.findings where !finding.isWaived && finding.severity >= .warning {
            byRule[finding.ruleId, default: []].append(finding)
        }
        var causes: [Cause] = []
        for (ruleId, findings) in byRule {
            let rule = profile.rule(ruleId)
            let severity = findings.map(\.severity).max() ?? .warning
            let counted = findings.filter { $0.severity == severity }
            let triage = severity == .error ? rule?.triage ?? .default(for: .error) : .ok
            let count = counted.reduce(0) { $0 + max(1, $1.occurrences?.count ?? 1) }
            causes.append(Cause(ruleId: ruleId, triage: triage, severity: severity,
                                text: causeText(rule: rule, findings: counted, count: count), count: count))
        }
        causes.sort { first, second in
            if first.triage != second.triage { return first.triage < second.triage }
            if first.severity != second.severity { return first.severity > second.severity }
            return (order[first.ruleId] ?? .max, first.ruleId) < (order[second.ruleId] ?? .max, second.ruleId)
        }
        return Triage(verdict: causes.first(where: { $0.severity == .error })?.triage ?? .ok, causes: causes)
    }

    /// The placeholders a `cause` template may use besides the kind's: `{count}`, the findings and
    /// folded places behind the cause, and `{pageCount}`, the pages they are on.
    public static let causePlaceholders = ["count", "pageCount"]

    /// The rule's `cause` filled from its first finding and its parameters; without a template,
    /// the rule id and count.
    static func causeText(rule: Rule?, findings: [Finding], count: Int) -> String {
        let first = findings[0]
        guard let rule, let template = rule.cause else { return count > 1 ? "\(first.ruleId): \(count)" : first.ruleId }
        var values = rule.bound.messageValues.merging(first.values) { $1 }
        values["count"] = String(count)
        let pages = findings.flatMap { $0.allPages + ($0.occurrences ?? []).map(\.page) }
        values["pageCount"] = String(Set(pages).count)
        // A variant of the kind may not measure what the template names: then the words before
        // the first placeholder stand alone ("over length"), never a "{bodyPages}" as written.
        if let unfilled = Rule.placeholders(in: template).first(where: { values[$0] == nil }),
           let range = template.range(of: "{" + unfilled + "}") {
            let words = template[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: " :,;("))
            return words.isEmpty ? first.ruleId : words
        }
        return Rule.fill(template, with: values)
    }
}
