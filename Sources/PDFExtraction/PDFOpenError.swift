import PaperArchives

/// Why a file could not be opened as a PDF. Each case names what the user can do about it.
public enum PDFOpenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or mapped (missing, a directory, no permission); `reason` is the system's.
    case unreadable(path: String, reason: String)
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// The path names a pipe, a device or a socket (`kind`), not a file: it is not read, since
    /// reading a FIFO or /dev/zero would never end.
    case notARegularFile(path: String, kind: String)
    /// Poppler could not read it and it has no `%PDF-` header: some other kind of file.
    case notAPDF(path: String)
    /// It looks like a PDF but poppler could not recover a document from it; `reason` is poppler's.
    case damaged(path: String, reason: String)
    /// The PDF is encrypted and no password was given.
    case passwordRequired(path: String)
    /// The PDF is encrypted and the given password does not open it.
    case wrongPassword(path: String)
    /// The document opened but has no pages.
    case noPages(path: String)
    /// The process ran out of memory (the `--max-memory` limit of a batch worker) while opening it.
    case outOfMemory(path: String)
    /// The path names a member of a zip archive that is not read (`problem` says why: an unsafe
    /// name, a zip bomb, encryption, a damaged archive, no such member).
    case archive(path: String, problem: ArchiveProblem)

    /// A short machine-friendly name for the kind of failure.
    public var code: String {
        switch self {
        case .unreadable: "unreadable"
        case .emptyFile: "empty"
        case .notARegularFile: "not-a-file"
        case .notAPDF: "not-pdf"
        case .damaged: "damaged"
        case .passwordRequired: "encrypted"
        case .wrongPassword: "wrong-password"
        case .noPages: "no-pages"
        case .outOfMemory: "memory"
        case let .archive(_, problem): problem.code.rawValue
        }
    }

    /// One line naming the file, what is wrong and what to do about it.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "\(path): cannot read the file (\(reason)); check the path and its permissions"
        case let .emptyFile(path):
            "\(path): the file is empty (0 bytes); export the PDF again"
        case let .notARegularFile(path, kind):
            "\(path): is \(kind), not a file; give the PDF file itself"
        case let .notAPDF(path):
            "\(path): not a PDF (no %PDF header and no readable document); export or print the paper to PDF"
        case let .damaged(path, reason):
            "\(path): the PDF is damaged beyond repair (\(reason)); export it again from the source"
        case let .passwordRequired(path):
            "\(path): the PDF is encrypted and needs a password; pass --password or submit an unencrypted PDF"
        case let .wrongPassword(path):
            "\(path): the password does not open this encrypted PDF; check --password"
        case let .noPages(path):
            "\(path): the PDF has no pages; export it again from the source"
        case let .outOfMemory(path):
            "\(path): not enough memory to check this PDF under the memory limit; raise --max-memory"
        case let .archive(path, problem):
            "\(path): \(problem.reason)"
        }
    }
}
