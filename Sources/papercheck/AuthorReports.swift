import Foundation
import PaperCheck

/// `--per-paper DIR`: one self-contained HTML report and one JSON report per submission, named by
/// its id (a file without a submission by its own name), holding only that paper's files, findings,
/// page images and hints: what a chair sends each author.
enum PerPaperReports {
    /// Creates the folder when needed and checks it can be written, before any work.
    static func prepare(_ path: String) throws -> String {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw UsageError("\(path): is not a folder; give --per-paper a folder for the reports") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw UsageError("\(path): cannot create the folder for per-paper reports (\(error.localizedDescription))")
            }
        }
        guard access(path, W_OK) == 0 else { throw UsageError("\(path): the folder cannot be written; choose a writable place for the per-paper reports") }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The papers of a report, in report order: files grouped by submission id, each under a file
    /// name stem unique in the folder.
    static func papers(of report: Report) -> [(stem: String, files: [FileReport])] {
        var order: [String] = []
        var groups: [String: [FileReport]] = [:]
        for file in report.files {
            let key = file.submission.map { "id:" + $0.id } ?? "file:" + file.path
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(file)
        }
        var taken = Set<String>()
        return order.map { key in
            let files = groups[key]!
            let base = safeStem(files[0].submission?.id ?? URL(fileURLWithPath: files[0].path).deletingPathExtension().lastPathComponent)
            var stem = base
            var number = 2
            while !taken.insert(stem.lowercased()).inserted {
                stem = "\(base)-\(number)"
                number += 1
            }
            return (stem, files)
        }
    }

    /// A file name stem from an id or a PDF's name, which come from strangers: letters, digits,
    /// `.`, `_` and `-` are kept, anything else becomes `_`; never hidden, empty or over 80 characters.
    static func safeStem(_ raw: String) -> String {
        var stem = String(raw.unicodeScalars.prefix(80).map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)) ? Character(scalar) : "_"
        })
        if stem.isEmpty || stem.hasPrefix(".") { stem = "paper" + stem }
        return stem
    }

    static func write(_ report: Report, to folder: String, profile: Profile, thumbnails: HTMLPageImages) throws {
        for paper in papers(of: report) {
            // The paper's own report: its files, their counts, no run-level notices.
            var single = Report(toolVersion: report.tool.version, profile: profile,
                                rulesSchemaVersion: report.profile.rulesSchemaVersion, files: paper.files)
            single.stopped = report.stopped
            let images = thumbnails.embedded(only: Set(paper.files.map(\.path)))
            let submission = paper.files[0].submission
            let heading = submission.map { "papercheck: paper \($0.id)" + ($0.title.map { ", \($0)" } ?? "") }
            // Self-contained: it is mailed or uploaded on its own, so links to PDFs are relative to its folder.
            let html = HTMLReportOutput.renderer(profile, images: images, linkBase: folder, title: heading).render(single)
            let base = URL(fileURLWithPath: folder)
            for (name, text) in [(paper.stem + ".html", html), (paper.stem + ".json", JSONReportRenderer().render(single))] {
                let path = base.appendingPathComponent(name).path
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch {
                    throw UsageError("\(path): cannot write the per-paper report (\(error.localizedDescription)); check the folder is writable and has space")
                }
            }
        }
    }
}

/// `--mail-merge FILE.csv`: one row per paper, for a mail-merge tool or a submission system's
/// e-mail feature: id, title, e-mails, verdict, the counts, a plain-text summary of what to fix,
/// and the per-paper report's path. papercheck itself sends nothing.
enum MailMerge {
    static let header = ["id", "title", "emails", "verdict", "status", "errors", "warnings", "summary", "report", "files"]

    static func render(_ report: Report, rows: [SubmissionsFile.Row?], files: [String], perPaperFolder: String?,
                       mailMergeFile: String) -> String {
        var emailsByPath: [String: [String]] = [:]
        for (index, path) in files.enumerated() where index < rows.count { emailsByPath[path] = rows[index]?.emails ?? [] }
        let mailFolder = URL(fileURLWithPath: mailMergeFile).deletingLastPathComponent().path
        var lines = [header.joined(separator: ",")]
        for paper in PerPaperReports.papers(of: report) {
            let first = paper.files[0]
            let triages = paper.files.map { $0.triage ?? Triage(verdict: .ok, causes: []) }
            let verdict = triages.map(\.verdict).min() ?? .ok
            let status = paper.files.map(\.status).max { $0.rank < $1.rank } ?? .pass
            var emails: [String] = []
            for email in paper.files.flatMap({ emailsByPath[$0.path] ?? [] }) where !emails.contains(email) { emails.append(email) }
            let reportPath = perPaperFolder.map {
                HTMLReportLinks.relativePath(to: $0 + "/" + paper.stem + ".html", from: mailFolder,
                                             workingDirectory: FileManager.default.currentDirectoryPath)
            } ?? ""
            let fields = [first.submission?.id ?? "", first.submission?.title ?? "", emails.joined(separator: "; "),
                          verdict.rawValue, status.rawValue,
                          String(paper.files.reduce(0) { $0 + $1.errorCount }), String(paper.files.reduce(0) { $0 + $1.warningCount }),
                          summary(paper.files, verdict: verdict), reportPath,
                          paper.files.map(\.path).joined(separator: "; ")]
            lines.append(fields.map(CSVReportRenderer.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// What an author reads: the verdict in words, then one line per cause with its hint.
    static func summary(_ files: [FileReport], verdict: TriageClass) -> String {
        var lines: [String] = [verdictSentence(verdict)]
        for file in files {
            if files.count > 1 { lines.append("\(URL(fileURLWithPath: file.path).lastPathComponent):") }
            if file.isUnchecked, let error = file.error { lines.append("- " + error) }
            for cause in file.triage?.causes ?? [] where !file.isUnchecked {
                let hint = file.findings.first { $0.ruleId == cause.ruleId && !$0.isWaived }?.hint ?? ""
                let kind = cause.severity == .error ? "" : " (advice)"
                lines.append("- " + cause.text + kind + (hint.isEmpty ? "" : ". Fix: " + hint))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func verdictSentence(_ verdict: TriageClass) -> String {
        switch verdict {
        case .deskReject: "The paper does not follow the submission rules that papers are rejected without review for."
        case .fixBeforeCameraReady: "The paper has format problems to fix before the camera-ready version."
        case .checkByHand: "The PDF could not be checked; please upload it again or contact the chairs."
        case .missing: "No PDF was found for this submission."
        case .ok: "The paper follows the format rules."
        }
    }
}
