internal import CPoppler
import Foundation
import PaperFacts

/// One piece of evidence to draw on a page image: a box and the rule id that found it.
public struct PageMark: Sendable, Equatable {
    /// Where, in PDF points with the origin at the top-left of the page (as findings carry it).
    public var box: Box
    /// The text written beside the box, normally the rule id.
    public var label: String
    /// Picks the colour: error red, warning orange, info blue; more severe marks are drawn over less severe ones.
    public var severity: Severity

    /// A mark for `box`, labelled `label`, coloured by `severity`.
    public init(box: Box, label: String, severity: Severity) {
        self.box = box
        self.label = label
        self.severity = severity
    }
}

/// Renders pages of a PDF to PNG with the evidence of findings drawn on them, for
/// `--annotate DIR` and the thumbnails of the HTML report.
public enum AnnotatedPageRenderer {
    /// Renders that would exceed this many pixels are drawn at a lower resolution instead
    /// (a 2592 x 3888 pt poster at 100 dpi is 19.4 megapixels).
    public static let maximumPixels = 25_000_000
    /// cairo cannot make image surfaces wider or taller than this.
    static let maximumSide = 32_767

    /// Renders the given pages of a PDF to PNG (through poppler and cairo, on a white background)
    /// at `dpi`, with the `textBlocks` outlined (thin dashed blue) and each mark's box drawn (red for
    /// error, orange for warning, blue for info) and labelled.
    ///
    /// Boxes are PDF points with a top-left origin, as in findings. A box that reaches outside the
    /// page is clipped to it, and one wholly outside or very small still gets a visible outline of
    /// at least 8 px at the nearest edge. A page whose render would exceed `maximumPixels` is drawn
    /// at the resolution that fits.
    ///
    /// - Parameters:
    ///   - pages: the marks by 1-based page number; a page with an empty list is rendered without marks.
    ///     Numbers outside the document are skipped.
    ///   - dpi: the resolution; values outside 1...1200 are clamped.
    /// - Returns: PNG bytes by page number, for the pages that could be rendered.
    /// - Throws: `PDFOpenError` when the file cannot be opened, exactly as extraction would.
    public static func render(path: String, password: String?, pages: [Int: [PageMark]], textBlocks: [Box],
                              dpi: Double = 100) throws(PDFOpenError) -> [Int: Data] {
        try render(path: path, password: password, pages: pages, textBlocks: textBlocks, dpi: dpi, maximumPixels: maximumPixels)
    }

    /// `render` with another pixel cap (tests use a small one).
    static func render(path: String, password: String?, pages: [Int: [PageMark]], textBlocks: [Box],
                       dpi: Double, maximumPixels: Int) throws(PDFOpenError) -> [Int: Data] {
        renderLock.lock()
        defer { renderLock.unlock() }
        let document = try PopplerDocumentHandle(path: path, password: password)
        let pageCount = document.pageCount
        let resolution = dpi.isFinite ? min(max(dpi, 1), 1200) : 100
        var images: [Int: Data] = [:]
        for (number, marks) in pages.sorted(by: { $0.key < $1.key }) where number >= 1 && number <= pageCount {
            guard let page = document.page(at: number - 1) else { continue }
            if let png = render(page, marks: marks, textBlocks: textBlocks, dpi: resolution, maximumPixels: maximumPixels) {
                images[number] = png
            }
        }
        return images
    }

    /// The PNG file name for a page of `path`: the file's base name without `.pdf`, reduced to
    /// `[A-Za-z0-9._-]` (anything else becomes `_`), then `_p<page>.png`.
    ///
    /// When another path in `allPaths` reduces to the same base name (compared without case, for
    /// case-insensitive file systems), a short hash of the full path is appended so that the files
    /// do not overwrite each other: `paper_p3.png`, or `paper-3f2a9c_p3.png` next to another `paper.pdf`.
    /// The hash is FNV-1a over the path's UTF-8 bytes, so names are the same on every run.
    public static func fileName(for path: String, page: Int, among allPaths: [String]) -> String {
        let paths = allPaths.contains(path) ? allPaths : allPaths + [path]
        let stems = fileStems(for: paths)
        return "\(stems[paths.firstIndex(of: path) ?? 0])_p\(page).png"
    }

    /// The name stems (`paper`, `paper-3f2a9c`) of many paths at once, in their order, as
    /// `fileName(for:page:among:)` gives them: namesakes are found by grouping, so a batch of
    /// ten thousand files is named in linear time.
    public static func fileStems(for paths: [String]) -> [String] {
        let bases = paths.map(baseName(of:))
        var namesakes: [String: Set<String>] = [:]
        for (path, base) in zip(paths, bases) { namesakes[base.lowercased(), default: []].insert(path) }
        return zip(paths, bases).map { path, base in
            let group = namesakes[base.lowercased()] ?? []
            guard group.count > 1 else { return base }
            // Six hex digits tell namesakes apart; should two of them share those, use all sixteen.
            let short = { (candidate: String) in String(hexHash(candidate).prefix(6)) }
            let clash = group.contains { $0 != path && short($0) == short(path) }
            return "\(base)-\(clash ? hexHash(path) : short(path))"
        }
    }

    // MARK: - Rendering one page

    private static func render(_ page: PopplerPageHandle, marks: [PageMark], textBlocks: [Box], dpi: Double,
                               maximumPixels: Int) -> Data? {
        let (width, height) = PDFNumber.pageSize(page.pointer)
        guard width > 0, height > 0 else { return nil }
        var scale = dpi / 72
        let pixels = width * scale * height * scale
        if pixels > Double(maximumPixels) { scale *= (Double(maximumPixels) / pixels).squareRoot() }
        scale = min(scale, Double(maximumSide) / width, Double(maximumSide) / height)
        let columns = max(1, Int((width * scale).rounded(.down)))
        let rows = max(1, Int((height * scale).rounded(.down)))
        guard let surface = CairoImageSurface(width: columns, height: rows) else { return nil }
        guard let context = cairo_create(surface.pointer) else { return nil }
        defer { cairo_destroy(context) }
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS else { return nil }

        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_save(context)
        cairo_scale(context, scale, scale)
        poppler_page_render(page.pointer, context)
        cairo_restore(context)

        let canvas = Canvas(context: context, scale: scale, columns: Double(columns), rows: Double(rows))
        for block in textBlocks { canvas.outlineTextBlock(block) }
        // Errors last, so that they are drawn over warnings and info where they overlap.
        for mark in marks.sorted(by: { $0.severity < $1.severity }) {
            canvas.draw(mark)
        }
        return surface.pngData()
    }

    /// Draws the overlays in device pixels over the rendered page.
    private struct Canvas {
        let context: OpaquePointer
        let scale: Double
        let columns: Double
        let rows: Double

        static let minimumSide = 8.0

        /// A thin dashed blue outline of the text block.
        func outlineTextBlock(_ block: Box) {
            guard let rect = visibleRect(block) else { return }
            cairo_save(context)
            cairo_set_source_rgba(context, 0.1, 0.35, 0.9, 0.85)
            cairo_set_line_width(context, 1)
            var dashes: [Double] = [6, 4]
            cairo_set_dash(context, &dashes, 2, 0)
            cairo_rectangle(context, rect.x0 + 0.5, rect.y0 + 0.5, max(0, rect.width - 1), max(0, rect.height - 1))
            cairo_stroke(context)
            cairo_restore(context)
        }

        /// The mark's box, tinted and outlined in its colour, with its label on a tab above it
        /// (below when the box touches the top of the page).
        func draw(_ mark: PageMark) {
            guard let rect = visibleRect(mark.box) else { return }
            let (red, green, blue) = Self.color(mark.severity)
            let lineWidth = max(2, (1.5 * scale).rounded())
            cairo_save(context)
            cairo_set_source_rgba(context, red, green, blue, 0.15)
            cairo_rectangle(context, rect.x0, rect.y0, rect.width, rect.height)
            cairo_fill(context)
            cairo_set_source_rgb(context, red, green, blue)
            cairo_set_line_width(context, lineWidth)
            // Inset by half the line so the whole outline stays inside the page.
            cairo_rectangle(context, rect.x0 + lineWidth / 2, rect.y0 + lineWidth / 2,
                            rect.width - lineWidth, rect.height - lineWidth)
            cairo_stroke(context)
            drawLabel(String(mark.label.prefix(48)), at: rect, red: red, green: green, blue: blue)
            cairo_restore(context)
        }

        private func drawLabel(_ label: String, at rect: Box, red: Double, green: Double, blue: Double) {
            guard !label.isEmpty else { return }
            let fontSize = max(10, (8.5 * scale).rounded())
            cairo_select_font_face(context, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD)
            cairo_set_font_size(context, fontSize)
            var extents = cairo_text_extents_t()
            cairo_text_extents(context, label, &extents)
            let padding = 3.0
            let tabWidth = extents.x_advance + 2 * padding
            let tabHeight = fontSize + 2 * padding
            let x = min(max(0, rect.x0), max(0, columns - tabWidth))
            let y: Double = if rect.y0 - tabHeight >= 0 {
                rect.y0 - tabHeight
            } else if rect.y1 + tabHeight <= rows {
                rect.y1
            } else {
                rect.y0
            }
            cairo_set_source_rgb(context, red, green, blue)
            cairo_rectangle(context, x, y, tabWidth, tabHeight)
            cairo_fill(context)
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_move_to(context, x + padding, y + padding + fontSize * 0.8)
            cairo_show_text(context, label)
        }

        /// The box in device pixels, clipped to the page and grown to at least `minimumSide` on
        /// each side, so that evidence in (or beyond) the margins stays visible. Nil for a
        /// degenerate box (NaN or infinite coordinates).
        func visibleRect(_ box: Box) -> Box? {
            let coordinates = [box.x0, box.y0, box.x1, box.y1]
            guard coordinates.allSatisfy(\.isFinite) else { return nil }
            func span(_ low: Double, _ high: Double, limit: Double) -> (Double, Double) {
                var start = min(max(low * scale, 0), limit)
                var end = min(max(high * scale, 0), limit)
                let side = min(Self.minimumSide, limit)
                if end - start < side {
                    let middle = (start + end) / 2
                    start = min(max(middle - side / 2, 0), limit - side)
                    end = start + side
                }
                return (start, end)
            }
            let (x0, x1) = span(box.x0, box.x1, limit: columns)
            let (y0, y1) = span(box.y0, box.y1, limit: rows)
            return Box(x0: x0, y0: y0, x1: x1, y1: y1)
        }

        static func color(_ severity: Severity) -> (Double, Double, Double) {
            switch severity {
            case .error: (0.86, 0.08, 0.08)
            case .warning: (0.96, 0.52, 0.0)
            case .info: (0.1, 0.45, 0.85)
            }
        }
    }

    // MARK: - Names

    /// The file's name without a `.pdf` extension, reduced to `[A-Za-z0-9._-]` and at most 100
    /// characters; a leading dot becomes `_` so that the PNG is not a hidden file.
    static func baseName(of path: String) -> String {
        var name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
        if name.lowercased().hasSuffix(".pdf") { name = String(name.dropLast(4)) }
        var safe = String(String.UnicodeScalarView(name.unicodeScalars.map { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": scalar
            default: "_"
            }
        }).prefix(100))
        if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        return safe.isEmpty ? "file" : safe
    }

    /// FNV-1a (64 bit) of the UTF-8 bytes, as 16 hex digits: stable across runs and platforms,
    /// unlike `Hasher`.
    static func hexHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    // MARK: - Reading PNGs back (tests)

    /// The colour of one pixel of a PNG, read back through cairo; nil when the bytes are not a
    /// PNG cairo can read or the pixel is outside the image. For tests of the drawn evidence.
    static func pixel(ofPNG png: Data, x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8)? {
        guard let surface = CairoImageSurface(png: png) else { return nil }
        return surface.pixel(x: x, y: y)
    }
}

/// Owns one cairo image surface and destroys it in `deinit`.
final class CairoImageSurface {
    let pointer: OpaquePointer

    /// An opaque RGB surface, or nil when cairo cannot make one of that size.
    init?(width: Int, height: Int) {
        guard width > 0, height > 0, width <= AnnotatedPageRenderer.maximumSide, height <= AnnotatedPageRenderer.maximumSide,
              let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return nil }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        pointer = surface
    }

    /// A surface decoded from PNG bytes, or nil when cairo cannot read them.
    init?(png: Data) {
        let source = PNGSource(data: png)
        let surface = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream({ closure, buffer, length in
                guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
                let source = Unmanaged<PNGSource>.fromOpaque(closure).takeUnretainedValue()
                return source.read(into: buffer, count: Int(length)) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_READ_ERROR
            }, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let surface else { return nil }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        pointer = surface
    }

    deinit {
        cairo_surface_destroy(pointer)
    }

    /// The surface encoded as PNG, or nil when cairo reports an error.
    func pngData() -> Data? {
        cairo_surface_flush(pointer)
        let sink = PNGSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(pointer, { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        return status == CAIRO_STATUS_SUCCESS ? sink.data : nil
    }

    /// One pixel's colour (alpha ignored), or nil outside the image.
    func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8)? {
        cairo_surface_flush(pointer)
        let width = Int(cairo_image_surface_get_width(pointer)), height = Int(cairo_image_surface_get_height(pointer))
        guard (0..<width).contains(x), (0..<height).contains(y),
              let data = cairo_image_surface_get_data(pointer) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(pointer))
        // ARGB32 and RGB24 both store a native-endian 32-bit 0xAARRGGBB per pixel.
        let value = UnsafeRawPointer(data + y * stride + x * 4).loadUnaligned(as: UInt32.self)
        return (UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value))
    }
}

/// Collects the bytes cairo writes out.
private final class PNGSink {
    var data = Data()
}

/// Hands cairo the bytes of a PNG, in the pieces it asks for.
private final class PNGSource {
    let data: Data
    var offset = 0

    init(data: Data) {
        self.data = data
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        guard count >= 0, count <= data.count - offset else { return false }
        let start = data.startIndex + offset
        data.copyBytes(to: buffer, from: start..<(start + count))
        offset += count
        return true
    }
}
