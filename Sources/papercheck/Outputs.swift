import ArgumentParser
import Foundation
import PaperCheck

/// One `--output`: where a report goes and in which format. A file's format follows its
/// extension (`.json`, `.jsonl`, `.csv`, `.xml` for JUnit, `.sarif`, `.html`, `.txt`); `-` is
/// standard output. `--format` is the format of `-` and of a file whose extension names none
/// (human without it); when no output takes it, a `--format` that disagrees with a file's
/// extension is a usage error.
struct OutputTarget {
    let path: String
    let format: ReportFormat
    /// Where the file is written; nil for standard output (`-`).
    let destination: Destination?

    static let formatsByExtension: [String: ReportFormat] = [
        "json": .json, "jsonl": .jsonl, "ndjson": .jsonl, "csv": .csv, "xml": .junit, "sarif": .sarif,
        "html": .html, "htm": .html, "txt": .human,
    ]

    /// The format a file name asks for, if its extension names one.
    static func formatNamed(by path: String) -> ReportFormat? {
        formatsByExtension[URL(fileURLWithPath: path).pathExtension.lowercased()]
    }

    /// Resolves every `--output` against `--format`, and checks each destination before any work
    /// is done (see `Destination.prepare`). Throws a one-line usage error.
    static func plan(_ outputs: [String], format: ReportFormat?, inputs: [String]) throws -> [OutputTarget] {
        var targets: [OutputTarget] = []
        let inputIdentities = FileIdentity.of(inputs)
        // --format belongs to the outputs whose names do not say a format; if there are none, it
        // must agree with the ones that do.
        let formatHasItsOwnOutput = outputs.contains { $0 == "-" || formatNamed(by: $0) == nil }
        for path in outputs {
            if path == "-" {
                targets.append(OutputTarget(path: path, format: format ?? .human, destination: nil))
                continue
            }
            let byName = formatNamed(by: path)
            if let format, let byName, format != byName, !formatHasItsOwnOutput {
                throw UsageError("\(path): the extension asks for \(byName.rawValue) but --format says \(format.rawValue); drop one, make them agree, or add --output - for standard output in \(format.rawValue)")
            }
            if byName == nil, format == nil, outputs.count > 1 {
                throw UsageError("\(path): with several --output files each needs an extension that names its format (\(formatsByExtension.keys.sorted().map { "." + $0 }.joined(separator: ", ")))")
            }
            let chosen = byName ?? format ?? .human
            targets.append(OutputTarget(path: path, format: chosen,
                                        destination: try Destination.prepare(path, inputs: inputIdentities)))
        }
        if targets.filter({ $0.format == .jsonl }).count > 1 { throw UsageError("give at most one JSONL output: its lines are streamed") }
        let resolved = targets.map { $0.destination?.resolved ?? "-" }
        if Set(resolved).count < resolved.count { throw UsageError("two --output options name the same file") }
        return targets
    }
}

/// A one-line usage error (exit 64), printed as `papercheck: error: ...`.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Files by device and inode, so that the same file reached by another name (a link, `./x`) is known.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    static func of(_ paths: [String]) -> Set<FileIdentity> {
        Set(paths.compactMap(FileIdentity.init(path:)))
    }
}

/// Where a report file is written, settled before the run: a regular file (or a new one) is
/// replaced atomically, through a temporary file in the same folder renamed over the target;
/// a device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place, never replaced; a
/// symbolic link is followed, so the link stays and its target gets the report.
struct Destination {
    /// The path written: the given one with symbolic links resolved.
    let resolved: String
    /// Whether it is a device or a pipe, written in place.
    let inPlace: Bool

    /// Checks a destination: not a folder, not one of the inputs, in a folder that exists and can
    /// be written (or a device that can be written).
    static func prepare(_ path: String, inputs: Set<FileIdentity>) throws -> Destination {
        let url = URL(fileURLWithPath: path)
        var info = stat()
        if stat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { throw UsageError("\(path): is a folder; give a file name for the report") }
            if let identity = FileIdentity(path: path), inputs.contains(identity) {
                throw UsageError("\(path): is one of the files to check; write the report elsewhere")
            }
            let resolved = url.resolvingSymlinksInPath().path
            if kind != S_IFREG {
                guard access(path, W_OK) == 0 else { throw UsageError("\(path): cannot be written (permission denied)") }
                return Destination(resolved: resolved, inPlace: true)
            }
            let folder = URL(fileURLWithPath: resolved).deletingLastPathComponent().path
            guard access(folder, W_OK) == 0 else {
                throw UsageError("\(path): its folder \(folder) cannot be written; choose a writable place for the report")
            }
            return Destination(resolved: resolved, inPlace: false)
        }
        // A dangling symbolic link: the report goes where it points, and the link stays.
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            let resolvedTarget = URL(fileURLWithPath: target, relativeTo: url.deletingLastPathComponent()).standardizedFileURL.path
            return try prepare(resolvedTarget, inputs: inputs)
        }
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageError("\(path): the folder \(folder) does not exist; create it first")
        }
        guard access(folder, W_OK) == 0 else {
            throw UsageError("\(path): the folder \(folder) cannot be written; choose a writable place for the report")
        }
        return Destination(resolved: URL(fileURLWithPath: folder).resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path,
                           inPlace: false)
    }

    /// Writes the whole report.
    func write(_ text: String) throws {
        let data = Data(text.utf8)
        if inPlace {
            guard let handle = FileHandle(forWritingAtPath: resolved) else {
                throw UsageError("\(resolved): cannot be opened for writing")
            }
            defer { try? handle.close() }
            do { try handle.write(contentsOf: data) } catch {
                throw UsageError("\(resolved): cannot write the report (\(error.localizedDescription))")
            }
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: resolved), options: .atomic)
        } catch {
            throw UsageError("\(resolved): cannot write the report (\(error.localizedDescription)); check the folder is writable and has space")
        }
    }
}

/// Streams JSONL lines as results arrive: to stdout, or appended to a `.jsonl` output. The file
/// is opened with O_APPEND (every line lands whole at the end) and locked, so that a second run
/// on the same file stops at once instead of interleaving with this one.
final class JSONLStream {
    private var descriptor: Int32?
    private let renderer: JSONLinesReportRenderer
    private let name: String
    /// When the output is the resume file itself, resumed lines are already there.
    let appendsToResumeFile: Bool
    /// The first write that failed, reported at the end of the run.
    private(set) var failure: String?

    /// No stream: the run writes no JSONL lines as it goes.
    init(renderer: JSONLinesReportRenderer) {
        descriptor = nil
        name = ""
        appendsToResumeFile = false
        self.renderer = renderer
    }

    /// Lines to standard output.
    init(standardOutputWith renderer: JSONLinesReportRenderer) {
        descriptor = STDOUT_FILENO
        name = "standard output"
        appendsToResumeFile = false
        self.renderer = renderer
    }

    /// Lines appended to a file: emptied first unless it is the resume file being continued.
    init(destination: Destination, resume: String?, renderer: JSONLinesReportRenderer) throws {
        self.renderer = renderer
        name = destination.resolved
        let continuing = resume.flatMap(FileIdentity.init(path:)).map { $0 == FileIdentity(path: destination.resolved) } ?? false
        // Read and write when continuing, to look at the last byte.
        var flags = (continuing ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND | O_CLOEXEC
        if !continuing && !destination.inPlace { flags |= O_TRUNC }
        let opened = open(destination.resolved, flags, 0o644)
        guard opened >= 0 else {
            throw UsageError("\(destination.resolved): cannot open the report file (\(String(cString: strerror(errno))))")
        }
        if !destination.inPlace, flock(opened, LOCK_EX | LOCK_NB) != 0 {
            Glibc.close(opened)
            throw UsageError("\(destination.resolved): another papercheck run is writing to it; wait for it or choose another file")
        }
        descriptor = opened
        appendsToResumeFile = continuing
        // A run stopped mid-line left a torn last line: start on a line of our own.
        if continuing, let last = Self.lastByte(of: opened), last != UInt8(ascii: "\n") { write(bytes: Data("\n".utf8)) }
    }

    /// When continuing the resume file: makes it hold just `lines`, if it holds anything else.
    /// The new content is written to a locked file beside it that is renamed over it, so the file
    /// is never half written and a second run never finds it unlocked.
    func keepOnly(_ lines: [Data]) throws {
        guard appendsToResumeFile, let descriptor else { return }
        var content = Data()
        for line in lines { content.append(line); content.append(UInt8(ascii: "\n")) }
        let size = lseek(descriptor, 0, SEEK_END)
        if size == off_t(content.count) { return }
        let folder = URL(fileURLWithPath: name).deletingLastPathComponent().path
        let replacement = folder + "/.papercheck-resume-\(getpid())-" + URL(fileURLWithPath: name).lastPathComponent
        let opened = open(replacement, O_RDWR | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw UsageError("\(name): cannot rewrite the resume file (\(String(cString: strerror(errno)))); check its folder is writable")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0 { _ = fchmod(opened, info.st_mode & 0o7777) }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0, Terminal.writeAll(content, to: opened) == nil, fsync(opened) == 0,
              rename(replacement, name) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(opened)
            unlink(replacement)
            throw UsageError("\(name): cannot rewrite the resume file (\(reason)); check the disk has space")
        }
        Glibc.close(descriptor)
        self.descriptor = opened
    }

    private static func lastByte(of descriptor: Int32) -> UInt8? {
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return nil }
        var byte: UInt8 = 0
        return pread(descriptor, &byte, 1, size - 1) == 1 ? byte : nil
    }

    func write(_ report: FileReport, profile: String) {
        write(bytes: Data(renderer.line(for: report, profile: profile).utf8))
    }

    private func write(bytes: Data) {
        guard let descriptor, failure == nil else { return }
        if let problem = Terminal.writeAll(bytes, to: descriptor) { failure = "\(name): \(problem)" }
    }

    func close() {
        if let descriptor, descriptor != STDOUT_FILENO { Glibc.close(descriptor) }
    }
}
