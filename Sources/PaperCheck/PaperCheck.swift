import Foundation
@_exported import PaperFacts
@_exported import PaperRules
@_exported import PaperReports
@_exported import PaperAnalysis
import PDFExtraction

/// The library facade: check a PDF against a profile and get a report value back.
///
/// ```swift
/// let rules = try RuleSet.builtIn()
/// let report = PaperCheck.check(URL(fileURLWithPath: "paper.pdf"), ruleSet: rules, profile: "vdl2016")
/// print(report.status, report.findings.map(\.message))
/// ```
public enum PaperCheck {
    /// The version of papercheck, reported in every report.
    public static let version = "0.1.0"

    /// Checks one file. A file that cannot be opened yields a report with status `error`; this never throws.
    public static func check(_ url: URL, ruleSet: RuleSet, profile profileID: String? = nil,
                             password: String? = nil) -> FileReport {
        guard let profile = ruleSet.profile(profileID) else {
            return FileReport(path: url.path, status: .error, pages: nil, findings: [], errorCode: "unknown-profile",
                              error: "no profile '\(profileID ?? "")' in the rule set")
        }
        return check(path: url.path, profile: profile, password: password)
    }

    /// Checks one file against a resolved profile, timing the work. `threads` read pages at once:
    /// use `readerThreads` for a single file, 1 when files are checked in parallel already.
    /// `knownAuthors` are the paper's real authors (`--authors`), for the `knownAuthors` check.
    public static func check(path: String, profile: Profile, password: String? = nil, threads: Int = 1,
                             knownAuthors: KnownAuthors? = nil) -> FileReport {
        let started = DispatchTime.now()
        var report: FileReport
        do {
            let needs = profile.needs
            let options = ExtractionOptions(vectorInkProbeRegion: needs.inkProbeRegion, lastLineDepth: needs.lastLineDepth,
                                            password: password, threads: threads,
                                            hiddenTextTinySize: needs.hiddenTextTinySize)
            var facts = try DocumentExtractor.extract(path: path, options: options)
            let analysis = DocumentAnalyzer.analyze(facts, threads: threads)
            measureInk(for: profile, in: &facts, analysis: analysis, password: password)
            report = Evaluator.evaluate(facts, profile: profile, analysis: analysis, knownAuthors: knownAuthors)
        } catch {
            report = Evaluator.unreadable(path: path, code: error.code, reason: error.description, profile: profile)
        }
        report.durationMilliseconds = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        return report
    }

    /// Where the profile's checks want the ink rather than boxes (margins that boxes cross), renders
    /// those regions finely and adds the ink to the facts. Analysis does not depend on it.
    static func measureInk(for profile: Profile, in facts: inout DocumentFacts, analysis: DocumentAnalysis,
                           password: String?) {
        // Pages whose margins extraction already rendered finely need no second render.
        let pages = facts.pages
        let regions = profile.inkRegions(in: CheckContext(facts: facts, analysis: analysis)).filter { number, boxes in
            guard number >= 1, number <= pages.count, let ink = pages[number - 1].ink else { return true }
            return !boxes.allSatisfy { ink.covers($0) }
        }
        guard !regions.isEmpty else { return }
        for (number, sample) in DocumentExtractor.measureInk(path: facts.path, password: password, regions: regions)
            where number >= 1 && number <= facts.pages.count {
            facts.pages[number - 1].ink = sample
        }
    }

    /// Threads for reading the pages of one file when nothing else runs: the cores, at most 4
    /// (beyond that the serial parts of a check dominate).
    public static var readerThreads: Int { max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)) }

    /// SHA-256 of a file's bytes (hex), or nil when it cannot be read.
    public static func sha256(path: String) -> String? {
        FileDigest.sha256(path: path)
    }

    /// Extracts the facts and the analysis of a file, for `papercheck inspect` and rule writers; with
    /// a profile, also the ink its checks would measure (`PageFacts.ink`).
    public static func inspect(path: String, password: String? = nil, profile: Profile? = nil)
        throws(PDFOpenError) -> (facts: DocumentFacts, analysis: DocumentAnalysis) {
        let needs = profile?.needs ?? ExtractionNeeds()
        let options = ExtractionOptions(vectorInkProbeRegion: needs.inkProbeRegion, lastLineDepth: needs.lastLineDepth,
                                        password: password, mapsEveryImage: true, threads: readerThreads,
                                        hiddenTextTinySize: needs.hiddenTextTinySize)
        var facts = try DocumentExtractor.extract(path: path, options: options)
        let analysis = DocumentAnalyzer.analyze(facts, threads: readerThreads)
        if let profile { measureInk(for: profile, in: &facts, analysis: analysis, password: password) }
        return (facts, analysis)
    }
}

