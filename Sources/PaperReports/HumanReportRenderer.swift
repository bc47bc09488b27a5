import PaperFacts
import PaperRules

/// For people at a terminal: a verdict line per file, then its findings grouped by rule.
public struct HumanReportRenderer: ReportRenderer {
    /// Whether to add ANSI colour and bold (only for a terminal, never with NO_COLOR).
    public var useColor: Bool
    /// Locations listed per rule before the rest is summarised.
    public var maxFindingsPerRule = 5
    /// Whether to list every finding and every place a folded finding stands for.
    public var verbose: Bool

    /// A renderer, with or without colour; `verbose` lists everything.
    public init(useColor: Bool, verbose: Bool = false) {
        self.useColor = useColor
        self.verbose = verbose
    }

    /// Verdict lines, findings grouped by rule with their pages and hints, and a closing summary line.
    public func render(_ report: Report) -> String {
        var out = ""
        for file in report.files {
            out += verdictLine(file) + "\n"
            out += groupedByRule(file.findings)
        }
        if let notices = report.notices, !notices.isEmpty {
            out += "notices\n" + groupedByRule(notices)
        }
        let summary = report.summary
        out += "\n" + "\(summary.files) file\(summary.files == 1 ? "" : "s") checked against \(report.profile.id): "
            + "\(summary.pass) passed, \(summary.warn) with warnings, \(summary.fail) failed, \(summary.error) could not be checked"
            + (summary.missing > 0 ? ", \(summary.missing) missing" : "")
            + " (\(plural(summary.errors, "error")), \(plural(summary.warnings, "warning"))"
            + (summary.waived > 0 ? ", \(summary.waived) waived" : "") + ")\n"
        return out
    }

    /// Findings grouped by rule in order of appearance: a label line per rule, then its findings
    /// and the hint. A rule whose findings are all waived is labelled `waived`.
    private func groupedByRule(_ findingsToShow: [Finding]) -> String {
        var out = ""
        var ruleOrder: [String] = []
        var byRule: [String: [Finding]] = [:]
        for finding in findingsToShow {
            if byRule[finding.ruleId] == nil { ruleOrder.append(finding.ruleId) }
            byRule[finding.ruleId, default: []].append(finding)
        }
        for ruleID in ruleOrder {
            guard let findings = byRule[ruleID], let first = findings.first else { continue }
            let counted = findings.filter { !$0.isWaived }
            let severity = counted.map(\.severity).max() ?? first.severity
            let pages = findings.flatMap(\.allPages)
            let pageNote = pages.isEmpty ? "" : " (" + (Set(pages).count == 1 ? "page " : "pages ") + PageList.text(pages) + ")"
            let label = counted.isEmpty ? dim("waived") : paint(severity.rawValue, severity)
            out += "  " + label + " " + bold(ruleID) + pageNote + "\n"
            let shown = verbose ? findings[...] : findings.prefix(maxFindingsPerRule)
            for finding in shown {
                out += "    - " + TerminalText.escaped(finding.message)
                // Short text (a period, a page number) is quoted even when the message happens to hold it.
                if let text = finding.text, !text.isEmpty, text.count < 3 || !finding.message.contains(text) {
                    out += ": \"" + TerminalText.escaped(String(text.prefix(80))) + (text.count > 80 ? "..." : "") + "\""
                }
                if finding.isWaived { out += " (waived: " + TerminalText.escaped(finding.waiver ?? "") + ")" }
                out += "\n"
                out += occurrences(of: finding)
            }
            if findings.count > shown.count {
                out += "    - ... and \(findings.count - shown.count) more (--verbose lists them)\n"
            }
            if !first.hint.isEmpty { out += dim("    fix: " + TerminalText.escaped(first.hint)) + "\n" }
        }
        return out
    }

    /// The places a folded finding stands for: counted, or listed one per line with `verbose`.
    private func occurrences(of finding: Finding) -> String {
        guard let occurrences = finding.occurrences, occurrences.count > 1 else { return "" }
        guard verbose else { return dim("      (\(occurrences.count) places folded into this finding; --verbose lists them)") + "\n" }
        return occurrences.map { place in
            var line = "      page \(place.page)"
            if let measured = place.measured { line += ": " + TerminalText.escaped(measured) }
            if let text = place.text, !text.isEmpty { line += " \"" + TerminalText.escaped(String(text.prefix(80))) + "\"" }
            return line + "\n"
        }.joined()
    }

    private func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    private func verdictLine(_ file: FileReport) -> String {
        let label: String
        switch file.status {
        case .pass: label = paint("PASS", .info, green: true)
        case .warn: label = paint("WARN", .warning)
        case .fail: label = paint("FAIL", .error)
        case .error: label = paint("ERROR", .error)
        case .missing: label = paint("MISSING", .error)
        }
        var detail: [String] = []
        if let pages = file.pages { detail.append("\(pages) page\(pages == 1 ? "" : "s")") }
        if !file.isUnchecked {
            detail.append(plural(file.errorCount, "error"))
            detail.append(plural(file.warningCount, "warning"))
        }
        // With a submissions list, the paper id leads and the chair's verdict follows.
        let id = file.submission.map { "[" + TerminalText.escaped($0.id) + "] " } ?? ""
        let triage = file.submission != nil ? file.triage.map { " => " + $0.verdict.rawValue + ": " + TerminalText.escaped($0.summary) } ?? "" : ""
        return label + " " + id + bold(TerminalText.escaped(file.path)) + (detail.isEmpty ? "" : " (" + detail.joined(separator: ", ") + ")") + triage
    }

    private func paint(_ text: String, _ severity: Severity, green: Bool = false) -> String {
        guard useColor else { return text }
        let code = green ? "32" : severity == .error ? "31" : severity == .warning ? "33" : "36"
        return "\u{1B}[1;\(code)m" + text + "\u{1B}[0m"
    }

    private func bold(_ text: String) -> String { useColor ? "\u{1B}[1m" + text + "\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { useColor ? "\u{1B}[2m" + text + "\u{1B}[0m" : text }
}
