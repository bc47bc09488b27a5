internal import CPoppler
import Foundation

/// The document's bytes with every image XObject made unknown to poppler, so that a render draws
/// everything but those images and decodes none of them.
///
/// Poppler decodes every image a render meets, whatever the clip: on papers with raster figures
/// that was most of a check's instructions, spent on pixels no word and no margin strip reaches.
/// Renders whose regions no image box reaches (the page's image map says where images are) use
/// this copy; the others use the real document. An image XObject is a stream, and streams are
/// never inside object streams, so its `/Subtype /Image` is in the file's plain bytes; renaming it
/// to `/Imag_` keeps every offset, and poppler skips an XObject of an unknown subtype. Inline
/// images live in content streams and are still drawn.
enum ImagelessCopy {
    /// The byte offsets of the `e` of each `/Image` name that is the value of a `/Subtype` key.
    static func imageSubtypeOffsets(_ buffer: UnsafeRawBufferPointer) -> [Int] {
        guard let base = buffer.baseAddress else { return [] }
        let key = Array("/Subtype".utf8), value = Array("/Image".utf8)
        var offsets: [Int] = []
        var start = 0
        // memchr finds the candidate slashes quickly (glibc's memmem is not visible from Swift).
        while start + key.count <= buffer.count,
              let hit = memchr(base + start, Int32(UInt8(ascii: "/")), buffer.count - key.count - start + 1) {
            let slash = base.distance(to: UnsafeRawPointer(hit))
            start = slash + 1
            guard memcmp(base + slash, key, key.count) == 0 else { continue }
            var cursor = slash + key.count
            start = cursor
            while cursor < buffer.count, ScanLexer.isWhiteSpace(buffer[cursor]) { cursor += 1 }
            guard cursor + value.count <= buffer.count,
                  memcmp(base + cursor, value, value.count) == 0 else { continue }
            let after = cursor + value.count
            // `/Image` itself, not `/ImageB` or `/ImageMask`: a delimiter or whitespace follows.
            guard after == buffer.count || ScanLexer.isWhiteSpace(buffer[after]) || ScanLexer.isDelimiter(buffer[after]) else { continue }
            offsets.append(after - 1)
        }
        return offsets
    }

    /// The renamed copy of `input` as a `GBytes`, with `update` appended (`InflatedFontPrograms`);
    /// nil when it cannot be copied. With no image XObject and no update, the copy is the input's
    /// own bytes, shared: a second document to render and read the text from
    /// (`HiddenTextReader.ViewedRender` hides its annotations).
    /// `renamed`: the image subtypes renamed (none: the copy holds the file's own objects).
    static func bytes(of input: InputBytes, appending update: UpdateParts = UpdateParts()) -> (bytes: OpaquePointer?, renamed: Int) {
        let offsets = input.withBuffer { imageSubtypeOffsets($0) }
        guard !offsets.isEmpty || update.count > 0 else { return (g_bytes_ref(input.bytes), 0) }
        var parts = update
        return (MarkedCopy.bytes(of: input, underscoreAt: offsets, appending: &parts), offsets.count)
    }
}

/// A copy of an input's bytes with `_` written at some offsets, every other byte (and so every
/// offset in the file) kept, and an update appended: how the imageless copy renames image
/// subtypes, and the copy for image renders turns colour profiles off (`ColourProfileMarks`).
enum MarkedCopy {
    /// The copy as a `GBytes`; nil when it cannot be made or there is nothing to change. Without
    /// an update, a file is mapped privately (copy on write: only the pages with a mark are
    /// copied, and the file is opened read-only and never written); otherwise it is copied, and
    /// each part of the update is freed once it is.
    static func bytes(of input: InputBytes, underscoreAt offsets: [Int], appending update: inout UpdateParts) -> OpaquePointer? {
        guard !offsets.isEmpty || update.count > 0, offsets.allSatisfy({ $0 >= 0 && $0 < input.count }) else { return nil }
        let originals = input.withBuffer { buffer in offsets.map { buffer[$0] } }
        if input.member == nil, update.count == 0 {
            let descriptor = open(input.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            guard let mapped = g_mapped_file_new_from_fd(descriptor, 1, nil) else { return nil }
            defer { g_mapped_file_unref(mapped) }
            guard Int(g_mapped_file_get_length(mapped)) == input.count, let contents = g_mapped_file_get_contents(mapped) else { return nil }
            // The file was mapped again: it must still have the bytes where the first mapping had them.
            let still = zip(offsets, originals).allSatisfy { UInt8(bitPattern: contents[$0.0]) == $0.1 }
            guard still else { return nil }
            for offset in offsets { contents[offset] = CChar(UInt8(ascii: "_")) }
            return g_mapped_file_get_bytes(mapped)
        }
        guard let copy = g_malloc(gsize(input.count + update.count)) else { return nil }
        input.withBuffer { buffer in
            if let base = buffer.baseAddress { memcpy(copy, base, buffer.count) }
        }
        let bytes = copy.assumingMemoryBound(to: UInt8.self)
        for offset in offsets { bytes[offset] = UInt8(ascii: "_") }
        var written = input.count
        for index in update.parts.indices {
            update.parts[index].withUnsafeBufferPointer { part in
                if let base = part.baseAddress { memcpy(bytes + written, base, part.count) }
            }
            written += update.parts[index].count
            update.parts[index] = []
        }
        return g_bytes_new_take(copy, gsize(input.count + update.count))
    }
}

/// A copy of one input (the imageless one, or the one for image renders), made on first use and
/// shared by the threads of an extraction; each thread opens its own poppler document on it.
final class CopySource: @unchecked Sendable {
    private let lock = NSLock()
    private let input: InputBytes
    private let make: @Sendable (InputBytes, Int) -> OpaquePointer?
    private var made = false
    private var bytes: OpaquePointer?

    /// `make` gets the input and the page (counted from 0) the copy is first made for.
    init(_ input: InputBytes, make: @escaping @Sendable (InputBytes, Int) -> OpaquePointer?) {
        self.input = input
        self.make = make
    }

    /// The copy's bytes, made for page `page` (counted from 0) if this is the first request; nil
    /// when they cannot be made (or need not be).
    func copy(forPage page: Int) -> OpaquePointer? {
        lock.lock()
        defer { lock.unlock() }
        if !made {
            made = true
            bytes = make(input, page)
        }
        return bytes
    }

    deinit {
        if let bytes { g_bytes_unref(bytes) }
    }
}
