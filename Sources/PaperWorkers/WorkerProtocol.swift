import Foundation
import PaperCheck

/// One line a coordinator writes to a worker's stdin: a file to check and how.
public struct WorkerRequest: Codable, Sendable {
    /// Which request this is; the answer carries it back.
    public var index: Int
    /// The file to check (a path, or an archive member path).
    public var path: String
    /// Where to write annotated page images, `{page}` standing for the page number; nil for none.
    public var imageTemplate: String?
    /// Where to write the small thumbnails an HTML report embeds; nil for none.
    public var thumbnailTemplate: String?
    /// The password for encrypted PDFs: sent here rather than on the command line, which
    /// every user of the machine can read.
    public var password: String?
    /// Threads to read this file's pages with; `--threads` when absent.
    public var threads: Int?
    /// The paper's real authors from `--authors`; nil without that option.
    public var authors: KnownAuthors?
    /// The profile to check against, by id in the worker's rule set; nil for the worker's own
    /// (`--profile`). The server lets each upload choose among the profiles it allows.
    public var profile: String?

    /// A request for `path`; the rest as the properties say.
    public init(index: Int, path: String, imageTemplate: String? = nil, thumbnailTemplate: String? = nil,
                password: String? = nil, threads: Int? = nil, authors: KnownAuthors? = nil, profile: String? = nil) {
        self.index = index
        self.path = path
        self.imageTemplate = imageTemplate
        self.thumbnailTemplate = thumbnailTemplate
        self.password = password
        self.threads = threads
        self.authors = authors
        self.profile = profile
    }
}

/// One line a worker answers on stdout: the report of the request with the same index.
public struct WorkerAnswer: Codable, Sendable {
    /// The index of the request answered.
    public var index: Int
    /// The file's report.
    public var report: FileReport

    /// An answer to request `index`.
    public init(index: Int, report: FileReport) {
        self.index = index
        self.report = report
    }
}

/// The result of a file whose worker did not answer: a timeout, a crash, a kill from outside.
public enum WorkerFailure {
    /// Why `worker` ended without answering for `path`, which it started on at `started`.
    public static func report(for worker: WorkerProcess, path: String, started: Date, timeout: TimeInterval) -> FileReport {
        if worker.timedOut {
            let seconds = Int(Date().timeIntervalSince(started).rounded())
            return report(path, code: "timeout",
                          reason: "the PDF took longer than \(Int(timeout)) s to check (stopped after \(seconds) s); it may be crafted or damaged")
        }
        guard let status = worker.exitSignal else {
            return report(path, code: "crashed", reason: "the reader stopped with exit status \(worker.exitStatus) on this PDF")
        }
        if status == SIGKILL {
            // Not sent by papercheck: the kernel's out-of-memory killer, or someone else.
            return report(path, code: "killed",
                          reason: "the worker checking this PDF was killed (signal 9) from outside papercheck, most likely by the system for lack of memory; check it alone or with --max-memory")
        }
        return report(path, code: "crashed", reason: "the PDF crashed the reader: signal \(status); the file may be damaged or crafted")
    }

    /// An `error` result with a `pdf-readable` finding saying `reason`.
    public static func report(_ path: String, code: String, reason: String) -> FileReport {
        let finding = Finding(ruleId: "pdf-readable", check: "pdfReadable", severity: .error, message: "\(path): \(reason)",
                              values: ["reason": reason, "code": code],
                              hint: "Open the PDF in a viewer; if it is damaged, export it again from the source.",
                              reference: "Submissions must be in PDF.")
        return FileReport(path: path, status: .error, pages: nil, findings: [finding], errorCode: code, error: "\(path): \(reason)")
    }
}
