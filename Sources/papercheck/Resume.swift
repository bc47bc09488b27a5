import Foundation
import PaperCheck

/// Results of an earlier run that a resumed run may reuse, from its JSONL report. A line is
/// reused only when it was checked the same way: the same schema, profile, rules digest and
/// papercheck version, and the same bytes (sha256) at the same path. Crashes, timeouts and
/// workers that could not start are checked again. Every line is read on its own, so bytes that
/// are not UTF-8 or a torn last line cost only their own line.
struct ResumeLog {
    /// Reusable results by path (a path's last line wins).
    var results: [String: FileReport] = [:]
    /// The line each reusable result was read from, without its newline.
    var lines: [String: Data] = [:]
    /// Every path of a reusable result, in the order of its line in the file.
    var order: [String] = []
    /// Lines that could not be read.
    var unreadable = 0
    /// Lines from another profile, rule set, papercheck version or schema.
    var foreign = 0
    /// Results of files that could not be checked for reasons of the run (crash, timeout), checked again.
    var retried = 0

    /// Codes of results that say more about the run than the file, so they are tried again.
    static let retriedCodes: Set = ["crashed", "timeout", "killed", "worker"]

    /// `rulesDigest` is what the lines must have been checked with: the profile's digest, and the
    /// authors file's when one is given (`CheckCommand.rulesDigest`).
    static func load(_ path: String, profile: Profile, tool: String, rulesDigest: String? = nil) throws -> ResumeLog {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw UsageError("\(path): the --resume file is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            // A first run with --resume on a file that does not exist yet starts from nothing.
            if !FileManager.default.fileExists(atPath: path) { return ResumeLog() }
            throw UsageError("\(path): cannot read the --resume file")
        }
        var log = ResumeLog()
        let digest = rulesDigest ?? profile.digest
        for (line, record) in JSONLinesReportRenderer.decodedLines(in: data) {
            guard let record else { log.unreadable += 1; continue }
            guard record.schema == JSONLinesReportRenderer.schemaIdentifier, record.profile == profile.id,
                  record.rules == digest, record.tool == tool else { log.foreign += 1; continue }
            if let code = record.file.errorCode, retriedCodes.contains(code) { log.retried += 1; continue }
            guard record.file.sha256 != nil else { continue }
            if log.results.updateValue(record.file, forKey: record.file.path) == nil { log.order.append(record.file.path) }
            log.lines[record.file.path] = line
        }
        return log
    }

    /// One line for stderr when some lines were not reused, nil when all were.
    func notice(for path: String) -> String? {
        var parts: [String] = []
        if unreadable > 0 { parts.append("\(unreadable) line\(unreadable == 1 ? "" : "s") could not be read") }
        if foreign > 0 { parts.append("\(foreign) came from another profile, rule set or papercheck version") }
        if retried > 0 { parts.append("\(retried) were crashes or timeouts") }
        guard !parts.isEmpty else { return nil }
        return "\(path): " + parts.joined(separator: ", ") + "; those files are checked again"
    }
}
