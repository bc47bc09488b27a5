import Foundation
import PaperCheck

/// The submission system's export given with `--authors FILE.csv`: a header row, then one row per
/// paper. Columns are found by name, without case: an id (`id`, `paper id`, `submission id`), a file
/// (`file`, `path`, `pattern`: a glob or a file name stem), the names (`authors`, `author names`)
/// and the e-mail addresses (`emails`, `author emails`).
struct AuthorsFile {
    struct Row {
        var line: Int
        var id: String?
        var file: String?
        var names: [String]
        var emails: [String]
    }

    let path: String
    let rows: [Row]
    /// SHA-256 of the file's bytes: part of the `--resume` key, so results checked with other authors are not reused.
    let digest: String

    static let idColumns = ["id", "paper id", "paperid", "submission id", "submissionid", "paper", "submission"]
    static let fileColumns = ["file", "path", "pattern", "file name", "filename", "file pattern"]
    static let nameColumns = ["authors", "author names", "author", "names", "author list"]
    static let emailColumns = ["emails", "author emails", "email", "e-mails", "author e-mails", "e-mail", "author email"]

    /// Reads and parses the file; any problem is a usage error naming it.
    static func load(_ path: String) throws -> AuthorsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("\(path): cannot read the authors file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw UsageError("\(path): the authors file is not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = try parse(text, path: path)
        guard let header = records.first else { throw UsageError("\(path): the authors file is empty (it needs a header row)") }
        let normalized = header.fields.map { $0.lowercased().replacingOccurrences(of: "_", with: " ")
            .split(separator: " ").joined(separator: " ") }
        func column(_ names: [String]) -> Int? { normalized.firstIndex(where: names.contains) }
        let id = column(idColumns), file = column(fileColumns), names = column(nameColumns), emails = column(emailColumns)
        guard id != nil || file != nil else {
            throw UsageError("\(path): no id or file column in the header (found: \(header.fields.joined(separator: ", ")); expected one of \(idColumns.prefix(3).joined(separator: ", ")) or \(fileColumns.prefix(3).joined(separator: ", ")))")
        }
        guard names != nil || emails != nil else {
            throw UsageError("\(path): no authors or emails column in the header (found: \(header.fields.joined(separator: ", ")); expected authors, author names, emails or author emails)")
        }
        let rows = records.dropFirst().compactMap { record -> Row? in
            func field(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                let value = record.fields[index].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            guard record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
            return Row(line: record.line, id: field(id), file: field(file), names: splitNames(field(names) ?? ""),
                       emails: splitEmails(field(emails) ?? ""))
        }
        return AuthorsFile(path: path, rows: rows, digest: PaperCheck.sha256(path: path) ?? "")
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

    /// The row for a PDF: the first whose file column matches its name (a glob, the name, or its
    /// stem), else the first whose id is the file's stem or its folder's name.
    func row(for pdf: String) -> Row? {
        let url = URL(fileURLWithPath: pdf)
        let name = url.lastPathComponent
        let stem = url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent().lastPathComponent
        if let row = rows.first(where: { row in
            guard let file = row.file else { return false }
            if file.contains(where: { "*?[".contains($0) }) {
                return fnmatch(file, name, 0) == 0 || fnmatch(file, pdf, 0) == 0
            }
            let given = URL(fileURLWithPath: file)
            return given.lastPathComponent == name || given.deletingPathExtension().lastPathComponent == stem
        }) { return row }
        return rows.first { $0.id != nil && ($0.id == stem || $0.id == folder) }
    }

    /// What the check of `pdf` is given: its row's authors, or a note that no row names it.
    func authors(for pdf: String) -> KnownAuthors {
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        guard let row = row(for: pdf) else { return .unmatched(file: fileName) }
        let where_ = "\(fileName) line \(row.line)" + (row.id.map { " (paper \($0))" } ?? "")
        return KnownAuthors(row: where_, names: row.names, emails: row.emails, file: fileName)
    }
}
