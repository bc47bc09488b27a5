internal import CPoppler
import Foundation

/// Owns one `PopplerDocument` (and the input bytes behind it) and frees it in `deinit`.
/// A poppler document is used by one thread at a time; other threads only call `reopened()`,
/// which reads the immutable fields and shares the bytes (`InputBytes`, reference-counted).
final class PopplerDocumentHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The bytes the document reads: a file mapped read-only, or an archive member in memory.
    let input: InputBytes
    let fileSize: Int
    let looksEncrypted: Bool
    private let password: String?
    /// The lexical scan of the bytes, made once and shared with the reopened documents.
    private let fileScan: SharedScan
    /// The document on the imageless copy of the bytes (`ImagelessCopy`), shared with the reopened
    /// documents; without a copy for a document opened with a password, which poppler reads from its file.
    private let imageless: CopyDocument
    /// The document on the copy for renders that decode images, with the colour profiles turned
    /// off (`ColourProfileMarks`), shared like the imageless one; without a copy like it.
    private let imageRender: CopyDocument
    /// A document on the file's own objects with the same update as the imageless copy (the
    /// imageless copy's bytes when it renamed no image) and the colour profiles turned off,
    /// whose annotations stay as the file has them (the viewed render hides them in `imageless`),
    /// for the passes that decode nothing but read everything the page draws (`faithfulCopyPage`).
    private let faithfulCopy: CopyDocument

    /// Opens `path` read-only (a file through a memory map, so that it is never written and paths
    /// need no URI escaping; an archive member from memory, see `InputBytes`).
    init(path: String, password: String?) throws(PDFOpenError) {
        let input = try InputBytes.open(path)
        guard input.count > 0 else { throw .emptyFile(path: path) }
        var openError: UnsafeMutablePointer<GError>?
        guard let document = Self.open(input, password: password, error: &openError) else {
            let error = openError.map { GLibError(taking: $0) }
            if error?.isPopplerEncrypted == true {
                throw password == nil ? .passwordRequired(path: path) : .wrongPassword(path: path)
            }
            // From a descriptor (an archive member with a password), poppler calls a wrong password
            // damage; the same bytes without one say whether the document is encrypted.
            if password != nil, input.member != nil, Self.needsPassword(input) { throw .wrongPassword(path: path) }
            if !input.withBuffer({ Self.hasPDFHeader(UnsafeRawBufferPointer(rebasing: $0.prefix(1024))) }) { throw .notAPDF(path: path) }
            throw .damaged(path: path, reason: error?.message ?? "poppler could not read it")
        }
        pointer = document
        self.input = input
        fileSize = input.count
        looksEncrypted = input.withBuffer { Self.contains($0, "/Encrypt") }
        self.password = password
        let fileScan = SharedScan(input)
        self.fileScan = fileScan
        // Both copies restate the font programs uncompressed, which renders inflate again and again.
        let renamedNothing = CopyFlag()
        let imagelessSource = password == nil ? CopySource(input) { input, _ in
            let (bytes, renamed) = ImagelessCopy.bytes(of: input, appending: fileScan.fontProgramUpdate)
            renamedNothing.value = bytes != nil && renamed == 0
            return bytes
        } : nil
        imageless = CopyDocument(imagelessSource)
        faithfulCopy = CopyDocument(imagelessSource.map { imagelessSource in
            CopySource(input) { input, page in
                if let shared = imagelessSource.copy(forPage: page), renamedNothing.value { return g_bytes_ref(shared) }
                // Its passes read where images are drawn, never their colours: with the colour
                // profiles off, poppler builds no LittleCMS transform for each image it meets.
                // Without an update or a profile the file's own page reads as cheaply.
                let marks = fileScan.result.colourProfileMarks
                var update = fileScan.fontProgramUpdate
                return update.count > 0 || !marks.isEmpty ? MarkedCopy.bytes(of: input, underscoreAt: marks, appending: &update) : nil
            }
        })
        // The copy for image renders also restates the images poppler would inflate itself, those
        // of the page it is made for first.
        imageRender = CopyDocument(password == nil ? CopySource(input) { input, page in
            let marks = fileScan.result.colourProfileMarks
            guard var update = fileScan.imageRenderUpdate(firstPage: page) else {
                guard !marks.isEmpty else { return nil }
                var programs = fileScan.fontProgramUpdate
                return MarkedCopy.bytes(of: input, underscoreAt: marks, appending: &programs)
            }
            return MarkedCopy.bytes(of: input, underscoreAt: marks, appending: &update)
        } : nil)
    }

    private init(pointer: OpaquePointer, sharing other: PopplerDocumentHandle) {
        self.pointer = pointer
        input = other.input
        fileSize = other.fileSize
        looksEncrypted = other.looksEncrypted
        password = other.password
        fileScan = other.fileScan
        imageless = other.imageless
        imageRender = other.imageRender
        faithfulCopy = other.faithfulCopy
    }

    /// A second, independent poppler document on the same bytes, for another thread.
    func reopened() throws(PDFOpenError) -> PopplerDocumentHandle {
        var openError: UnsafeMutablePointer<GError>?
        guard let document = Self.open(input, password: password, error: &openError) else {
            throw .damaged(path: input.path, reason: openError.map { GLibError(taking: $0) }?.message ?? "poppler could not read it")
        }
        return PopplerDocumentHandle(pointer: document, sharing: self)
    }

    private static func open(_ input: InputBytes, password: String?,
                             error: inout UnsafeMutablePointer<GError>?) -> OpaquePointer? {
        guard let password else { return poppler_document_new_from_bytes(input.bytes, nil, &error) }
        // poppler 22.12 crashes on a wrong password when reading from memory (it retries the
        // password on a consumed stream), so encrypted files are opened by their file URI, and
        // archive members from an anonymous in-memory file.
        if input.member != nil {
            guard let descriptor = input.memoryFileDescriptor() else {
                error = g_error_new_literal(g_file_error_quark(), Int32(G_FILE_ERROR_NOMEM.rawValue), "cannot hold the member in memory")
                return nil
            }
            // poppler owns the descriptor from here, and closes it.
            return poppler_document_new_from_fd(descriptor, password, &error)
        }
        return openByURI(path: input.path, password: password, error: &error)
    }

    /// Whether the bytes open only with a password (read from memory without one, which is safe).
    private static func needsPassword(_ input: InputBytes) -> Bool {
        var error: UnsafeMutablePointer<GError>?
        if let document = poppler_document_new_from_bytes(input.bytes, nil, &error) {
            g_object_unref(UnsafeMutableRawPointer(document))
            return false
        }
        return error.map { GLibError(taking: $0) }?.isPopplerEncrypted == true
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(pointer))
    }

    /// The lexical scan of the file (`RawObjectScanner`), with the image proofs and the colour
    /// profiles' marks; made on first use, once for this document and its reopened copies.
    var scan: FileScan { fileScan.result }

    /// The fonts of each page as poppler's font scanner lists them, read from the scan's object
    /// index (`ObjectFontScanner`) when it can tell, and when poppler opens every page.
    func fontsFromObjects() -> [[FontScanner.ScannedFont]]? {
        let count = pageCount
        guard (0..<count).allSatisfy({ page(at: $0) != nil }) else { return nil }
        return fileScan.fonts(pageCount: count)
    }

    /// The fonts of each page as poppler's font scanner lists them: from the object index where it
    /// can tell (`fontsFromObjects`), else by poppler's scanner on a document of its own over the
    /// faithful copy (the same objects with the font programs restated: the scanner builds every
    /// font, and here inflated each program a bit at a time), else on this document.
    func scannedFonts() -> [[FontScanner.ScannedFont]] {
        if let fonts = fontsFromObjects() { return fonts }
        if let bytes = faithfulCopy.source?.copy(forPage: 0), let copy = poppler_document_new_from_bytes(bytes, nil, nil) {
            defer { g_object_unref(UnsafeMutableRawPointer(copy)) }
            if Int(poppler_document_get_n_pages(copy)) == pageCount { return FontScanner.scanAll(copy, pageCount: pageCount) }
        }
        return FontScanner.scanAll(self)
    }

    /// Page `index` of the imageless copy, to render what no image reaches without decoding the
    /// images, and to read the text from a viewed render (`HiddenTextReader.ViewedRender`); nil
    /// when the copy cannot be opened or the document was opened with a password.
    func imagelessPage(at index: Int) -> PopplerPageHandle? {
        imageless.page(at: index)
    }

    /// Page `index` of the file's own objects with the fonts and content restated (the imageless
    /// copy when it renamed no image), annotations as the file has them: for the passes that read
    /// everything the page draws but decode nothing (poppler's bounding box, its image map) at
    /// the copies' cost. Nil when there is no such copy; the page itself then serves.
    func faithfulCopyPage(at index: Int) -> PopplerPageHandle? {
        faithfulCopy.page(at: index)
    }

    /// Page `index` of the copy without colour profiles, to render with its images: the same
    /// pixels for sRGB images, at half the instructions. Nil when the file has no profile to turn
    /// off (the page itself then renders as cheaply), the copy cannot be opened, or the document
    /// was opened with a password.
    func imageRenderPage(at index: Int) -> PopplerPageHandle? {
        imageRender.page(at: index)
    }

    private static func openByURI(path: String, password: String,
                                  error: inout UnsafeMutablePointer<GError>?) -> OpaquePointer? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let uri = takeGString(g_filename_to_uri(absolute, nil, &error)) else { return nil }
        return poppler_document_new_from_file(uri, password, &error)
    }

    var pageCount: Int { Int(poppler_document_get_n_pages(pointer)) }

    func page(at index: Int) -> PopplerPageHandle? {
        poppler_document_get_page(pointer, Int32(index)).map { PopplerPageHandle($0) }
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

/// A flag set once, when a copy is made, and read by any thread.
final class CopyFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false

    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The poppler document on a copy of the input (`CopySource`), opened on first use and freed with
/// its last owner; without a source, it has no pages. All threads of an extraction share it, so
/// that the fonts its renders load (FreeType faces, glyphs at each size: most of a render's cost)
/// are loaded once, not once per thread; renders were one at a time anyway (`renderLock`). It and
/// its pages are used only while holding `renderLock`.
final class CopyDocument: @unchecked Sendable {
    let source: CopySource?
    private var document: OpaquePointer??

    init(_ source: CopySource?) {
        self.source = source
    }

    /// Page `index` of the copy; nil without a copy, or past its last page. The page holds
    /// `renderLock` wherever poppler reads it (`PopplerPageHandle.isShared`).
    func page(at index: Int) -> PopplerPageHandle? {
        renderLock.lock()
        defer { renderLock.unlock() }
        if document == nil {
            document = .some(source?.copy(forPage: index).flatMap { poppler_document_new_from_bytes($0, nil, nil) })
        }
        guard case let opened?? = document, index < Int(poppler_document_get_n_pages(opened)) else { return nil }
        return poppler_document_get_page(opened, Int32(index)).map { PopplerPageHandle($0, isShared: true) }
    }

    deinit {
        if case let opened?? = document { g_object_unref(UnsafeMutableRawPointer(opened)) }
    }
}

/// Owns one `PopplerPage`. Poppler caches the page's text layout on this object, so the text,
/// the character boxes and the attributes below come from one layout pass.
final class PopplerPageHandle {
    let pointer: OpaquePointer
    /// Whether the page belongs to a document all threads share (`CopyDocument`): it is then read
    /// and freed only while holding `renderLock`.
    let isShared: Bool

    init(_ pointer: OpaquePointer, isShared: Bool = false) {
        self.pointer = pointer
        self.isShared = isShared
    }

    /// Runs `body`, holding `renderLock` if the page belongs to a shared document.
    func reading<Result>(_ body: () -> Result) -> Result {
        guard isShared else { return body() }
        renderLock.lock()
        defer { renderLock.unlock() }
        return body()
    }

    deinit {
        if isShared { renderLock.lock() }
        g_object_unref(UnsafeMutableRawPointer(pointer))
        if isShared { renderLock.unlock() }
    }
}
