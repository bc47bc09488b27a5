import PaperRules

/// JUnit XML, for CI systems that show test results.
///
/// - One `<testsuite>` per file, named by its path as given.
/// - One `<testcase>` per rule of the profile (`classname` = profile id, `name` = rule id), in the
///   profile's order, then one for each other rule id a finding carries.
/// - Each error finding no waiver covers is a `<failure>`: the message in the attribute, and the
///   page, box, text, values, hint and reference in the body.
/// - Warnings, info findings and waived findings do not fail the test case: they are written to
///   its `<system-out>`, one block per finding.
/// - A file that could not be checked (status `error`) is one test case with an `<error>`; its
///   other rules did not run and are left out.
/// - Run-level notices (such as unmatched waivers) go to the `<system-out>` of a last suite named
///   `papercheck`.
public struct JUnitReportRenderer: ReportRenderer {
    /// The rule ids that get a test case even without findings; nil lists only rules with findings.
    let ruleIDs: [String]?

    /// A renderer that lists every rule of `profile` as a test case.
    public init(profile: Profile) {
        ruleIDs = profile.rules.map(\.id)
    }

    /// A renderer that knows no profile and lists only the rules with findings.
    init(ruleIDs: [String]?) {
        self.ruleIDs = ruleIDs
    }

    /// The XML document, with an XML declaration, ending in a newline.
    public func render(_ report: Report) -> String {
        let suites = report.files.map { suite(for: $0, profileID: report.profile.id) }
            + (report.notices.map { [noticeSuite($0, profileID: report.profile.id)] } ?? [])
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failureCount }
        let errors = suites.reduce(0) { $0 + $1.errorCount }
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += "<testsuites" + Self.attributes([("name", "papercheck " + report.profile.id), ("tests", "\(tests)"),
                                           ("failures", "\(failures)"), ("errors", "\(errors)")]) + ">\n"
        for suite in suites { out += suite.xml }
        out += "</testsuites>\n"
        return out
    }

    // MARK: - Building the suites

    private struct TestCase {
        var name: String
        var classname: String
        var failures: [Finding] = []
        var error: (message: String, type: String, body: String)?
        var output: [String] = []

        var xml: String {
            var out = "    <testcase" + JUnitReportRenderer.attributes([("classname", classname), ("name", name)])
            guard error != nil || !failures.isEmpty || !output.isEmpty else { return out + "/>\n" }
            out += ">\n"
            if let error {
                out += "      <error" + JUnitReportRenderer.attributes([("message", error.message), ("type", error.type)]) + ">"
                    + JUnitReportRenderer.escapeText(error.body) + "</error>\n"
            }
            for finding in failures {
                out += "      <failure" + JUnitReportRenderer.attributes([("message", finding.message), ("type", finding.check)]) + ">"
                    + JUnitReportRenderer.escapeText(FindingText.evidence(finding).joined(separator: "\n")) + "</failure>\n"
            }
            if !output.isEmpty {
                out += "      <system-out>" + JUnitReportRenderer.escapeText(output.joined(separator: "\n")) + "</system-out>\n"
            }
            return out + "    </testcase>\n"
        }
    }

    private struct Suite {
        var name: String
        var properties: [(String, String)]
        var durationMilliseconds: Int?
        var cases: [TestCase]

        var failureCount: Int { cases.filter { $0.error == nil && !$0.failures.isEmpty }.count }
        var errorCount: Int { cases.filter { $0.error != nil }.count }

        var xml: String {
            var attributes = [("name", name), ("tests", "\(cases.count)"), ("failures", "\(failureCount)"),
                              ("errors", "\(errorCount)"), ("skipped", "0")]
            if let durationMilliseconds {
                attributes.append(("time", FindingText.number(Double(durationMilliseconds) / 1000)))
            }
            var out = "  <testsuite" + JUnitReportRenderer.attributes(attributes) + ">\n"
            if !properties.isEmpty {
                out += "    <properties>\n"
                for (name, value) in properties {
                    out += "      <property" + JUnitReportRenderer.attributes([("name", name), ("value", value)]) + "/>\n"
                }
                out += "    </properties>\n"
            }
            for testCase in cases { out += testCase.xml }
            return out + "  </testsuite>\n"
        }
    }

    private func suite(for file: FileReport, profileID: String) -> Suite {
        var properties = [("profile", profileID), ("status", file.status.rawValue)]
        if let pages = file.pages { properties.append(("pages", "\(pages)")) }
        if file.waivedCount > 0 { properties.append(("waived", "\(file.waivedCount)")) }
        if let submission = file.submission {
            properties.append(("submission", submission.id))
            if let title = submission.title { properties.append(("title", title)) }
        }
        if let triage = file.triage { properties.append(("triage", triage.verdict.rawValue)) }
        var suite = Suite(name: file.path, properties: properties, durationMilliseconds: file.durationMilliseconds, cases: [])
        if file.isUnchecked {
            suite.cases = unreadableCases(file, profileID: profileID)
            return suite
        }
        var order = ruleIDs ?? []
        for finding in file.findings where !order.contains(finding.ruleId) { order.append(finding.ruleId) }
        suite.cases = order.map { ruleID in
            var testCase = TestCase(name: ruleID, classname: profileID)
            for finding in file.findings where finding.ruleId == ruleID {
                if finding.severity == .error, !finding.isWaived {
                    testCase.failures.append(finding)
                } else {
                    testCase.output.append(outputBlock(finding))
                }
            }
            return testCase
        }
        return suite
    }

    /// The file could not be opened: its findings (normally one, from the pdfReadable rule) become errors.
    private func unreadableCases(_ file: FileReport, profileID: String) -> [TestCase] {
        let type = file.errorCode ?? "error"
        guard !file.findings.isEmpty else {
            let reason = file.error ?? "the file could not be checked"
            return [TestCase(name: "pdf-readable", classname: profileID, error: (reason, type, reason))]
        }
        return file.findings.map { finding in
            TestCase(name: finding.ruleId, classname: profileID,
                     error: (finding.message, type, FindingText.evidence(finding).joined(separator: "\n")))
        }
    }

    private func noticeSuite(_ notices: [Finding], profileID: String) -> Suite {
        var order: [String] = []
        for notice in notices where !order.contains(notice.ruleId) { order.append(notice.ruleId) }
        let cases = order.map { ruleID in
            TestCase(name: ruleID, classname: profileID,
                     output: notices.filter { $0.ruleId == ruleID }.map(outputBlock))
        }
        return Suite(name: "papercheck", properties: [("profile", profileID)], cases: cases)
    }

    /// `warning: message` then the evidence, indented.
    private func outputBlock(_ finding: Finding) -> String {
        let label = finding.isWaived ? "waived \(finding.severity.rawValue)" : finding.severity.rawValue
        return ([label + ": " + finding.message] + FindingText.evidence(finding).map { "  " + $0 }).joined(separator: "\n")
    }

    // MARK: - XML escaping

    /// ` name="value"` pairs with the values escaped.
    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(escapeAttribute($0.1))\"" }.joined()
    }

    /// Escapes character data; characters XML 1.0 cannot carry at all become U+FFFD.
    static func escapeText(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// Escapes an attribute value, keeping line breaks and tabs as character references so that
    /// attribute normalisation does not turn them into spaces.
    static func escapeAttribute(_ text: String) -> String {
        escape(text, inAttribute: true)
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "'" where inAttribute: out += "&apos;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where inAttribute: out += "&#9;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && value != 0xFFFE && value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
