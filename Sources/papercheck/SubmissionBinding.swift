import Foundation
import PaperCheck

/// `--submissions`: which PDF belongs to which paper, and which listed papers have no PDF.
///
/// With paths on the command line, each PDF found is bound to a row (`SubmissionsFile.row(for:)`);
/// without them, the list is the input: a row's file cell names its PDF (relative to the CSV's
/// folder, a folder of PDFs, or a zip member), and rows without one are looked up by id in the
/// CSV's folder (`123/paper.pdf`, `123.pdf`). Either way, a row that gets no PDF is a result of
/// status `missing`, at the path it was expected at (or `list.csv#id` when none was named).
struct SubmissionBinding {
    /// One input of the run: a PDF to check, or a listed paper without one.
    struct Entry {
        var path: String
        var row: SubmissionsFile.Row?
        var isMissing = false
    }

    var entries: [Entry] = []
    /// One line each, for `Terminal.warning`.
    var warnings: [String] = []
    /// What the list's own folders and archives held, when the list is the input: their members'
    /// sizes and refusals join the run's inputs like those of archives given on the command line.
    var listed = InputFiles.Collected()

    static func bind(_ list: SubmissionsFile, paths: [String], inputs: InputFiles.Collected) -> SubmissionBinding {
        var binding = SubmissionBinding()
        let listName = URL(fileURLWithPath: list.path).lastPathComponent
        var bound = Set<Int>()
        if !paths.isEmpty {
            var unnamed: [String] = []
            for file in inputs.files {
                let row = list.row(for: file)
                if let row { bound.insert(row.line) } else { unnamed.append(file) }
                binding.entries.append(Entry(path: file, row: row))
            }
            if !unnamed.isEmpty {
                let names = unnamed.prefix(5).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
                binding.warnings.append("\(list.path): no row names \(unnamed.count) of \(inputs.files.count) PDF\(inputs.files.count == 1 ? "" : "s") (\(names)\(unnamed.count > 5 ? ", ..." : "")); they are checked without a paper id")
            }
            for row in list.rows where !bound.contains(row.line) {
                binding.entries.append(Entry(path: row.file.map(list.resolve) ?? unnamedPath(row, listName), row: row, isMissing: true))
            }
            return binding
        }
        // The list alone: each row's own file, else a PDF in the list's folder whose stem or folder is its id.
        let folder = URL(fileURLWithPath: list.path).deletingLastPathComponent().path
        var collectedFolder: InputFiles.Collected?
        func folderPDFs() -> [String] {
            if collectedFolder == nil { collectedFolder = InputFiles.collect([folder]) }
            return collectedFolder?.files ?? []
        }
        var archiveMembers: [String: InputFiles.Collected] = [:]
        for row in list.rows {
            if let file = row.file {
                let path = list.resolve(file)
                let found = existingFiles(at: path, archiveMembers: &archiveMembers)
                if found.isEmpty {
                    binding.entries.append(Entry(path: path, row: row, isMissing: true))
                } else {
                    binding.entries += found.map { Entry(path: $0, row: row) }
                }
                continue
            }
            let found = folderPDFs().filter { pdf in
                let url = URL(fileURLWithPath: pdf)
                return url.deletingPathExtension().lastPathComponent == row.id || url.deletingLastPathComponent().lastPathComponent == row.id
            }
            if found.isEmpty {
                binding.entries.append(Entry(path: unnamedPath(row, listName), row: row, isMissing: true))
            } else {
                binding.entries += found.map { Entry(path: $0, row: row) }
            }
        }
        for collected in Array(archiveMembers.values) + (collectedFolder.map { [$0] } ?? []) {
            binding.listed.archives += collected.archives
            binding.listed.memberSizes.merge(collected.memberSizes) { first, _ in first }
            binding.listed.refusals.merge(collected.refusals) { first, _ in first }
            binding.listed.warnings += collected.warnings
        }
        return binding
    }

    /// Where a listed paper without a PDF and without a file cell is reported: `list.csv#id`.
    private static func unnamedPath(_ row: SubmissionsFile.Row, _ listName: String) -> String {
        "\(listName)#\(row.id ?? "")"
    }

    /// The PDFs a file cell stands for: the file itself, the PDFs of a folder, or a member of a
    /// zip archive (`all.zip!/12/paper.pdf`) that the archive lists; none when nothing is there.
    /// Folders and archives are collected once each, into `collected`.
    private static func existingFiles(at path: String, archiveMembers collected: inout [String: InputFiles.Collected]) -> [String] {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR || path.lowercased().hasSuffix(".zip") else { return [path] }
            if collected[path] == nil { collected[path] = InputFiles.collect([path]) }
            return collected[path]?.files ?? []
        }
        guard let marker = path.range(of: ".zip!/", options: .caseInsensitive) else { return [] }
        let archive = String(path[..<path.index(marker.lowerBound, offsetBy: 4)])
        if collected[archive] == nil { collected[archive] = InputFiles.collect([archive]) }
        return collected[archive]?.files.contains(path) == true ? [path] : []
    }

    /// The rule id of the finding a missing paper carries (not a rule of any profile: no PDF, no check).
    static let missingRuleID = "submission-pdf"

    /// The result of a listed paper without a PDF.
    static func missingReport(_ entry: Entry, list: SubmissionsFile) -> FileReport {
        let id = entry.row?.id ?? ""
        let listName = URL(fileURLWithPath: list.path).lastPathComponent
        let reason = entry.row?.file != nil
            ? "submission \(id) (\(listName) line \(entry.row?.line ?? 0)) names \(entry.path), which does not exist; download its PDF or correct the file column"
            : "submission \(id) (\(listName) line \(entry.row?.line ?? 0)) has no PDF: none is named \(id).pdf or in a folder \(id)/"
        // A finding too, so that formats made of findings (SARIF, GitHub annotations) show it.
        let finding = Finding(ruleId: missingRuleID, check: "submissions", severity: .error, message: reason,
                              hint: "Download the paper's PDF from the submission system, or correct its row in \(listName).",
                              reference: "Every listed submission has a PDF.")
        return FileReport(path: entry.path, status: .missing, pages: nil, findings: [finding], errorCode: "missing", error: reason)
    }
}
