import PaperAnalysis
import PaperFacts

/// Applies a profile's rules to a document's facts. Never prints, never exits: it returns a report.
public enum Evaluator {
    /// Evaluates every rule of `profile` on `facts` and returns the file's report with its status and summary;
    /// `analysis` is computed from `facts` when not given.
    public static func evaluate(_ facts: DocumentFacts, profile: Profile,
                                analysis: DocumentAnalysis? = nil, knownAuthors: KnownAuthors? = nil) -> FileReport {
        let analysis = analysis ?? DocumentAnalyzer.analyze(facts)
        let context = CheckContext(facts: facts, analysis: analysis,
                                   profileRules: profile.rules.map { ($0.id, $0.check) }, knownAuthors: knownAuthors)
        let findings = reportedOnce(profile.rules.flatMap { $0.evaluate(in: context) })
        return FileReport(path: facts.path, status: FileReport.status(of: findings), pages: facts.pageCount,
                          findings: findings, summary: summary(facts, analysis))
    }

    /// The report for a file that could not be checked at all, through the profile's pdfReadable rule.
    public static func unreadable(path: String, code: String, reason: String, profile: Profile) -> FileReport {
        let rule = profile.rules.first { $0.check == PDFReadableCheck.name }
        let values = ["reason": reason, "code": code]
        let variant = PDFReadableCheck.variant(forCode: code).rawValue
        let finding = Finding(ruleId: rule?.id ?? "pdf-readable", check: PDFReadableCheck.name, severity: .error,
                              message: Rule.fill(rule?.messageTemplate(variant: variant) ?? "{reason}", with: values), values: values,
                              hint: rule.map { Rule.fill($0.hintTemplate(variant: variant, producer: nil), with: values) } ?? "",
                              reference: rule?.reference ?? "")
        return FileReport(path: path, status: .error, pages: nil, findings: [finding], errorCode: code, error: reason)
    }

    /// Findings with one report per cause: when two rules of the same check kind (two margin rules,
    /// say) find the same thing at the same place, one finding stays and names the others in
    /// `alsoReportedBy`. Which one stays does not depend on the order of the rules: the more severe,
    /// and between equals the rule whose id sorts first.
    static func reportedOnce(_ findings: [Finding]) -> [Finding] {
        var kept: [Finding] = []
        for finding in findings {
            guard let box = finding.box, let index = kept.firstIndex(where: { other in
                other.check == finding.check && other.ruleId != finding.ruleId && other.page == finding.page
                    && other.box.map { Self.same($0, box) } == true
            }) else {
                kept.append(finding)
                continue
            }
            var (winner, loser) = outranks(finding, kept[index]) ? (finding, kept[index]) : (kept[index], finding)
            let also = [winner.values["alsoReportedBy"], loser.values["alsoReportedBy"], loser.ruleId]
                .compactMap { $0 }.flatMap { $0.components(separatedBy: ", ") }
            winner.values["alsoReportedBy"] = Set(also).subtracting([winner.ruleId]).sorted().joined(separator: ", ")
            kept[index] = winner
        }
        return kept
    }

    /// Whether `finding` rather than `other` stands for a cause both found.
    private static func outranks(_ finding: Finding, _ other: Finding) -> Bool {
        finding.severity != other.severity ? finding.severity > other.severity : finding.ruleId < other.ruleId
    }

    private static func same(_ first: Box, _ second: Box) -> Bool {
        abs(first.x0 - second.x0) <= 1 && abs(first.y0 - second.y0) <= 1 && abs(first.x1 - second.x1) <= 1
            && abs(first.y1 - second.y1) <= 1
    }

    /// The Producer entry, else the Creator, trimmed and cut to 100 characters: reports show it and
    /// chairs filter by it, and a stranger's PDF may put anything there.
    static func producerName(_ metadata: DocumentMetadata) -> String? {
        let names = [metadata.producer, metadata.creator].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let name = names.first(where: { !$0.isEmpty }) else { return nil }
        let cleaned = String(name.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return cleaned.count > 100 ? String(cleaned.prefix(99)) + "…" : cleaned
    }

    static func summary(_ facts: DocumentFacts, _ analysis: DocumentAnalysis) -> FileSummary {
        let sizes = facts.pages.map { "\(Format.points($0.width)) x \(Format.points($0.height))" }
        let distinct = Array(Set(sizes))
        return FileSummary(pageSize: distinct.count == 1 ? distinct[0] + " pt" : distinct.isEmpty ? nil : "mixed",
                           bodyFont: analysis.bodyStyle?.fontName, bodyFontSize: analysis.bodyStyle?.fontSize,
                           baselineStep: analysis.bodyStyle?.baselineStep.map { ($0 * 100).rounded() / 100 },
                           columns: analysis.columns?.count, bodyPages: analysis.bodyEnd?.bodyPages,
                           lineNumbers: analysis.lineNumbers.isPresent, fonts: facts.fonts.count,
                           producer: producerName(facts.metadata))
    }
}
