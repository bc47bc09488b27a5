internal import CPoppler
import Foundation
import PaperArchives

/// The bytes of one input path, whatever it names: a file, memory-mapped read-only, or a member of
/// a zip archive (`a.zip!/101/paper.pdf`, see `MemberPath`), read into memory by PaperArchives
/// with nothing written to disk. Every opening of an input in PDFExtraction comes through here:
/// the documents poppler reads (from these bytes as `GBytes`), the raw byte scan, the SHA-256 and
/// the checks of what the path is.
///
/// The member read last is kept (one, by path and the archive's identity), so that the extraction,
/// the ink measurement, the page images and the digest of one member read and inflate it once.
final class InputBytes: @unchecked Sendable {
    let path: String
    /// The member the path names; nil for a file.
    let member: MemberPath?
    /// The bytes as a `GBytes`, shared by every poppler document on them.
    let bytes: OpaquePointer
    /// The bytes themselves, valid while this object lives: use them through `withBuffer`.
    private let buffer: UnsafeRawBufferPointer
    /// How many bytes.
    var count: Int { buffer.count }

    private init(path: String, member: MemberPath?, bytes: OpaquePointer) {
        self.path = path
        self.member = member
        self.bytes = bytes
        var length: gsize = 0
        let data = g_bytes_get_data(bytes, &length)
        buffer = UnsafeRawBufferPointer(start: data, count: Int(length))
    }

    deinit { g_bytes_unref(bytes) }

    /// Opens `path`: a member when it names one (`MemberPath.locate`), else a file. The bytes may
    /// be none (an empty file).
    static func open(_ path: String) throws(PDFOpenError) -> InputBytes {
        if let member = MemberPath.locate(path) { return try MemberCache.shared.bytes(of: member, path: path) }
        return try openFile(path)
    }

    private static func openFile(_ path: String) throws(PDFOpenError) -> InputBytes {
        if let kind = FileKind.unlessRegular(path) { throw .notARegularFile(path: path, kind: kind) }
        var mapError: UnsafeMutablePointer<GError>?
        guard let mapped = g_mapped_file_new(path, 0, &mapError) else {
            let error = mapError.map { GLibError(taking: $0) }
            if error?.code == Int32(G_FILE_ERROR_NOMEM.rawValue) { throw .outOfMemory(path: path) }
            throw .unreadable(path: path, reason: error?.message ?? "unknown error")
        }
        defer { g_mapped_file_unref(mapped) }
        // The GBytes holds a reference on the mapping.
        guard let bytes = g_mapped_file_get_bytes(mapped) else { throw .unreadable(path: path, reason: "it cannot be mapped") }
        return InputBytes(path: path, member: nil, bytes: bytes)
    }

    fileprivate static func openMember(_ member: MemberPath, path: String) throws(PDFOpenError) -> InputBytes {
        let read: MemberBytes
        do {
            read = try ArchiveMember.read(member)
        } catch {
            throw .archive(path: path, problem: error)
        }
        // The GBytes keeps the member's memory alive and lets it go with its last reference.
        let owner = Unmanaged.passRetained(read).toOpaque()
        guard let bytes = g_bytes_new_with_free_func(read.pointer, gsize(read.count), { owner in
            if let owner { Unmanaged<MemberBytes>.fromOpaque(owner).release() }
        }, owner) else {
            Unmanaged<MemberBytes>.fromOpaque(owner).release()
            throw .outOfMemory(path: path)
        }
        return InputBytes(path: path, member: member, bytes: bytes)
    }

    /// Calls `body` with the bytes, which stay valid (mapped or held) until it returns.
    func withBuffer<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(buffer) }
    }

    /// A file descriptor of an anonymous in-memory file (memfd) holding these bytes, for poppler's
    /// `new_from_fd`: an encrypted member is opened with its password that way, as a file is by
    /// its URI, since poppler 22.12 crashes on a wrong password when it reads from memory. The
    /// caller owns the descriptor. Nothing reaches a disk.
    func memoryFileDescriptor() -> Int32? {
        let descriptor = papercheck_memory_file("papercheck-member")
        guard descriptor >= 0 else { return nil }
        let written = withBuffer { buffer in
            var done = 0
            while done < buffer.count {
                let wrote = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                if wrote < 0, errno == EINTR { continue }
                guard wrote > 0 else { return false }
                done += wrote
            }
            return true
        }
        guard written else { close(descriptor); return nil }
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { close(descriptor); return nil }
        return descriptor
    }
}

/// The member read last, kept for the next opening of the same path.
private final class MemberCache: @unchecked Sendable {
    static let shared = MemberCache()
    private let lock = NSLock()
    private var path: String?
    private var identity: [Int64] = []
    private var kept: InputBytes?

    func bytes(of member: MemberPath, path: String) throws(PDFOpenError) -> InputBytes {
        lock.lock()
        defer { lock.unlock() }
        let identity = Self.identity(of: member.archive)
        if let kept, self.path == path, self.identity == identity { return kept }
        // Let the last one go before reading the next: two large members need not fit at once.
        kept = nil
        let opened = try InputBytes.openMember(member, path: path)
        self.path = path
        self.identity = identity
        kept = opened
        return opened
    }

    private static func identity(of path: String) -> [Int64] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
    }
}
