internal import CPoppler
import Foundation

/// Owns one `PopplerDocument` (and the mapped file behind it) and frees them in `deinit`.
/// A poppler document is used by one thread at a time; other threads only call `reopened()`,
/// which reads the immutable fields and takes a reference on the mapped file (an atomic count).
final class PopplerDocumentHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    private let mappedFile: OpaquePointer
    let fileSize: Int
    let looksEncrypted: Bool
    private let path: String
    private let password: String?

    /// Opens `path` read-only through a memory map, so that the file is never written and paths
    /// need no URI escaping.
    init(path: String, password: String?) throws(PDFOpenError) {
        if let kind = FileKind.unlessRegular(path) { throw .notARegularFile(path: path, kind: kind) }
        var mapError: UnsafeMutablePointer<GError>?
        guard let mapped = g_mapped_file_new(path, 0, &mapError) else {
            let error = mapError.map { GLibError(taking: $0) }
            if error?.code == Int32(G_FILE_ERROR_NOMEM.rawValue) {
                throw .outOfMemory(path: path)
            }
            throw .unreadable(path: path, reason: error?.message ?? "unknown error")
        }
        let size = Int(g_mapped_file_get_length(mapped))
        guard size > 0 else {
            g_mapped_file_unref(mapped)
            throw .emptyFile(path: path)
        }
        let head = Self.bytes(of: mapped, upTo: 1024)
        let bytes = g_mapped_file_get_bytes(mapped)
        defer { g_bytes_unref(bytes) }

        var openError: UnsafeMutablePointer<GError>?
        guard let document = Self.open(bytes: bytes, path: path, password: password, error: &openError) else {
            g_mapped_file_unref(mapped)
            let error = openError.map { GLibError(taking: $0) }
            if error?.isPopplerEncrypted == true {
                throw password == nil ? .passwordRequired(path: path) : .wrongPassword(path: path)
            }
            if !Self.hasPDFHeader(head) { throw .notAPDF(path: path) }
            throw .damaged(path: path, reason: error?.message ?? "poppler could not read it")
        }
        pointer = document
        mappedFile = mapped
        fileSize = size
        looksEncrypted = Self.mappedFileContains(mapped, "/Encrypt")
        self.path = path
        self.password = password
    }

    private init(pointer: OpaquePointer, sharing other: PopplerDocumentHandle) {
        self.pointer = pointer
        mappedFile = g_mapped_file_ref(other.mappedFile)
        fileSize = other.fileSize
        looksEncrypted = other.looksEncrypted
        path = other.path
        password = other.password
    }

    /// A second, independent poppler document on the same mapped file, for another thread.
    func reopened() throws(PDFOpenError) -> PopplerDocumentHandle {
        let bytes = g_mapped_file_get_bytes(mappedFile)
        defer { g_bytes_unref(bytes) }
        var openError: UnsafeMutablePointer<GError>?
        guard let document = Self.open(bytes: bytes, path: path, password: password, error: &openError) else {
            throw .damaged(path: path, reason: openError.map { GLibError(taking: $0) }?.message ?? "poppler could not read it")
        }
        return PopplerDocumentHandle(pointer: document, sharing: self)
    }

    private static func open(bytes: OpaquePointer?, path: String, password: String?,
                             error: inout UnsafeMutablePointer<GError>?) -> OpaquePointer? {
        if let password {
            // poppler 22.12 crashes on a wrong password when reading from memory (it retries the
            // password on a consumed stream), so encrypted files are opened by their file URI.
            return openByURI(path: path, password: password, error: &error)
        }
        return poppler_document_new_from_bytes(bytes, nil, &error)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(pointer))
        g_mapped_file_unref(mappedFile)
    }

    private static func openByURI(path: String, password: String,
                                  error: inout UnsafeMutablePointer<GError>?) -> OpaquePointer? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let uri = takeGString(g_filename_to_uri(absolute, nil, &error)) else { return nil }
        return poppler_document_new_from_file(uri, password, &error)
    }

    var pageCount: Int { Int(poppler_document_get_n_pages(pointer)) }

    func page(at index: Int) -> PopplerPageHandle? {
        poppler_document_get_page(pointer, Int32(index)).map(PopplerPageHandle.init)
    }

    private static func bytes(of mapped: OpaquePointer, upTo limit: Int) -> UnsafeRawBufferPointer {
        guard let contents = g_mapped_file_get_contents(mapped) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: contents, count: min(limit, Int(g_mapped_file_get_length(mapped))))
    }

    private static func mappedFileContains(_ mapped: OpaquePointer, _ needle: String) -> Bool {
        contains(bytes(of: mapped, upTo: Int.max), needle)
    }

    /// A PDF header is `%PDF-` and a version digit, within the first kilobyte (readers allow junk before it).
    private static func hasPDFHeader(_ head: UnsafeRawBufferPointer) -> Bool {
        let marker = Array("%PDF-".utf8)
        guard head.count > marker.count else { return false }
        for start in 0..<(head.count - marker.count) where head[start] == marker[0] {
            if (0..<marker.count).allSatisfy({ head[start + $0] == marker[$0] }),
               (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(head[start + marker.count]) { return true }
        }
        return false
    }

    /// Whether `needle` occurs in `haystack`; memchr finds candidate first bytes quickly.
    private static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let base = haystack.baseAddress, let first = pattern.first, haystack.count >= pattern.count else { return false }
        var offset = 0
        let lastStart = haystack.count - pattern.count
        while offset <= lastStart {
            guard let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) else { return false }
            let start = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + start, pattern, pattern.count) == 0 { return true }
            offset = start + 1
        }
        return false
    }
}

/// Owns one `PopplerPage`. Poppler caches the page's text layout on this object, so the text,
/// the character boxes and the attributes below come from one layout pass.
final class PopplerPageHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(pointer))
    }
}
