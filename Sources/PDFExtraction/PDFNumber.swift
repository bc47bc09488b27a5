internal import CPoppler
import PaperFacts

/// Numbers read from a PDF are untrusted: a MediaBox of 1e30, a `Tf` of 1e20 or a text matrix of
/// 1e30 reach poppler's coordinates as huge, infinite or NaN values, and converting those to `Int`
/// traps. Extraction hands on only finite numbers within a sane range, so nothing downstream can.
enum PDFNumber {
    /// Coordinates stay within a million points (about 350 m; the PDF format's own page limit is
    /// 14,400 units), sizes within 100,000 points; NaN becomes 0.
    static let coordinateLimit = 1_000_000.0
    static let sizeLimit = 100_000.0

    static func coordinate(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, -coordinateLimit), coordinateLimit)
    }

    static func size(_ value: Double) -> Double {
        value.isNaN ? 0 : min(max(value, 0), sizeLimit)
    }

    /// A box from poppler's corners, each coordinate kept in range.
    static func box(x1: Double, y1: Double, x2: Double, y2: Double) -> Box {
        Box(x0: coordinate(x1), y0: coordinate(y1), x1: coordinate(x2), y1: coordinate(y2))
    }

    /// A page's displayed size from poppler, each side kept in range.
    static func pageSize(_ page: OpaquePointer) -> (width: Double, height: Double) {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        return (size(width), size(height))
    }
}
