import Foundation
import PaperCheck

/// The submission system's export, a CSV with a header row and one row per paper, given with
/// `--submissions FILE.csv` (each PDF's paper id and title, and the papers that have no PDF) or
/// `--authors FILE.csv` (each paper's real authors, for blind profiles). Columns are found by
/// name, without case, `_` counting as a space; CMT's and OpenReview's export names are known:
/// - id: `id`, `paper id` (CMT), `number` (OpenReview), `submission id`, ...
/// - title: `title`, `paper title` (CMT), ...
/// - file: `file`, `path`, `pdf` (OpenReview), `files`, `file name`, `pattern`: a path (relative
///   to the CSV's folder, and may name a zip member, `all.zip!/12/paper.pdf`), a glob or a stem;
/// - authors: `authors`, `author names`; e-mails: `emails`, `author emails`, `authorids` (OpenReview).
struct SubmissionsFile {
    struct Row {
        var line: Int
        var id: String?
        var title: String?
        var file: String?
        var names: [String]
        var emails: [String]
    }

    /// What the file is read for: the columns it must have differ.
    enum Purpose {
        case authors
        case submissions
    }

    let path: String
    let rows: [Row]
    /// SHA-256 of the file's bytes: part of the `--resume` key, so results checked with other authors are not reused.
    let digest: String
    /// Whether the header has an authors or e-mails column (so the list can stand for `--authors`).
    let hasAuthors: Bool

    static let idColumns = ["id", "paper id", "paperid", "submission id", "submissionid", "paper", "submission",
                            "number", "paper number", "submission number"]
    static let titleColumns = ["title", "paper title", "submission title"]
    static let fileColumns = ["file", "path", "pattern", "file name", "filename", "file pattern", "pdf", "files",
                              "submission files", "paper file", "pdf file"]
    static let nameColumns = ["authors", "author names", "author", "names", "author list"]
    static let emailColumns = ["emails", "author emails", "email", "e-mails", "author e-mails", "e-mail", "author email",
                               "authorids", "author ids"]

    /// Reads and parses the file; any problem is a usage error naming it.
    static func load(_ path: String, for purpose: Purpose = .authors) throws -> SubmissionsFile {
        let what = purpose == .authors ? "authors file" : "submissions file"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("\(path): cannot read the \(what)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw UsageError("\(path): the \(what) is not UTF-8 text; export it as UTF-8 CSV")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = try parse(text, path: path)
        guard let header = records.first else { throw UsageError("\(path): the \(what) is empty (it needs a header row)") }
        let normalized = header.fields.map { $0.lowercased().replacingOccurrences(of: "_", with: " ")
            .split(separator: " ").joined(separator: " ") }
        func column(_ names: [String]) -> Int? {
            names.lazy.compactMap { normalized.firstIndex(of: $0) }.first
        }
        let id = column(idColumns), title = column(titleColumns), file = column(fileColumns)
        let names = column(nameColumns), emails = column(emailColumns)
        let found = header.fields.joined(separator: ", ")
        switch purpose {
        case .authors:
            guard id != nil || file != nil else {
                throw UsageError("\(path): no id or file column in the header (found: \(found); expected one of \(idColumns.prefix(3).joined(separator: ", ")) or \(fileColumns.prefix(3).joined(separator: ", ")))")
            }
            guard names != nil || emails != nil else {
                throw UsageError("\(path): no authors or emails column in the header (found: \(found); expected authors, author names, emails or author emails)")
            }
        case .submissions:
            guard id != nil else {
                throw UsageError("\(path): no id column in the header (found: \(found); expected one of \(idColumns.prefix(3).joined(separator: ", ")) or number)")
            }
        }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func field(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                let value = record.fields[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            guard record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            let row = Row(line: record.line, id: field(id), title: field(title), file: field(file),
                          names: splitNames(field(names) ?? ""), emails: splitEmails(field(emails) ?? ""))
            if purpose == .submissions {
                guard let rowID = row.id else { throw UsageError("\(path):\(record.line): the row has no paper id; give every row one") }
                if let earlier = seen[rowID] {
                    throw UsageError("\(path):\(record.line): paper id \(rowID) is listed twice (also on line \(earlier)); give each paper one row")
                }
                seen[rowID] = record.line
            }
            rows.append(row)
        }
        return SubmissionsFile(path: path, rows: rows, digest: PaperCheck.sha256(path: path) ?? "",
                               hasAuthors: names != nil || emails != nil)
    }

    /// One CSV record (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks) and its line.
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func parse(_ text: String, path: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let character = pending { pending = nil; return character }
            return iterator.next()
        }
        while let character = next() {
            if quoted {
                if character == "\"" {
                    if let following = next() {
                        if following == "\"" { field.append("\"") } else { quoted = false; pending = following }
                    } else { quoted = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field); field = ""
                records.append(Record(line: recordLine, fields: fields)); fields = []
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if quoted { throw UsageError("\(path):\(recordLine): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(Record(line: recordLine, fields: fields)) }
        return records
    }

    /// Names are separated by `;`. A piece with one comma is "Last, First" (as CMT writes it) unless
    /// both sides have two words or more ("Ada Lovelace, Alan Turing"); with more commas, it is a
    /// list. Affiliations in parentheses and marks (`*`) are dropped.
    static func splitNames(_ cell: String) -> [String] {
        let withoutAffiliations = cell.replacingOccurrences(of: "\\([^)]*\\)", with: "", options: .regularExpression)
            .replacingOccurrences(of: "*", with: "")
        return withoutAffiliations.split(separator: ";").flatMap { piece -> [String] in
            let parts = piece.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if parts.count == 2, !(parts.allSatisfy { $0.split(separator: " ").count >= 2 }) {
                return [parts[0] + ", " + parts[1]]
            }
            return parts
        }.map { $0.split(separator: " ").joined(separator: " ") }.filter { !$0.isEmpty }
    }

    /// E-mail addresses separated by `;`, `,` or white space.
    static func splitEmails(_ cell: String) -> [String] {
        cell.split { ";, \t<>".contains($0) }.map(String.init).filter { $0.contains("@") }
    }

    /// The row for a PDF, tried in this order: a file column that names this very path (relative to
    /// the CSV's folder); a file column that matches its name (a glob, the name or the stem) in one
    /// row only, or in several of which one has the file's folder or stem as id; an id that is the
    /// file's stem or its folder's name (`123/paper.pdf`, `all.zip!/123/paper.pdf`).
    func row(for pdf: String) -> Row? {
        let url = URL(fileURLWithPath: pdf)
        let name = url.lastPathComponent
        let stem = url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent().lastPathComponent
        let standardized = url.standardizedFileURL.path
        if let row = rows.first(where: { $0.file.map { resolve($0) == standardized } ?? false }) { return row }
        let byName = rows.filter { row in
            guard let file = row.file else { return false }
            if file.contains(where: { "*?[".contains($0) }) {
                return fnmatch(file, name, 0) == 0 || fnmatch(file, pdf, 0) == 0
            }
            let given = URL(fileURLWithPath: file)
            return given.lastPathComponent == name || given.deletingPathExtension().lastPathComponent == stem
        }
        let byID = rows.first { $0.id != nil && ($0.id == stem || $0.id == folder) }
        if byName.count == 1 { return byName[0] }
        if byName.count > 1, let byID, byName.contains(where: { $0.line == byID.line }) { return byID }
        return byID ?? byName.first
    }

    /// A file cell as a path: absolute as given, else relative to the CSV's folder; standardized.
    func resolve(_ file: String) -> String {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : base.appendingPathComponent(file)
        return url.standardizedFileURL.path
    }

    /// The submission record a report carries for a row.
    func submission(_ row: Row) -> Submission? {
        row.id.map { Submission(id: $0, title: row.title) }
    }

    /// What the check of `pdf` is given: its row's authors, or a note that no row names it.
    func authors(for pdf: String) -> KnownAuthors {
        authors(of: row(for: pdf))
    }

    /// What the check of a file bound to `row` is given (a note that no row names it for nil).
    func authors(of row: Row?) -> KnownAuthors {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        guard let row else { return .unmatched(file: fileName) }
        let where_ = "\(fileName) line \(row.line)" + (row.id.map { " (paper \($0))" } ?? "")
        return KnownAuthors(row: where_, names: row.names, emails: row.emails, file: fileName)
    }
}
