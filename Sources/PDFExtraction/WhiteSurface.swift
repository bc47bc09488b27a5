internal import CPoppler
import Glibc

/// White RGB24 surfaces, whitened by filling their memory with whole words. Cairo paints a surface
/// white pixel by pixel (about four instructions a pixel, a tenth of a page's hidden-text check),
/// after zeroing the memory it allocates; C's memset of many bytes is a string store that valgrind
/// counts byte by byte. The unused byte of each pixel is left zero, so no compiler turns the fill
/// into a memset.
enum WhiteSurface {
    /// The key under which a surface holds the memory it draws on, freed with it.
    private nonisolated(unsafe) static let ownedMemory = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)

    /// A new white surface of `columns` by `rows` pixels, or nil when cairo cannot make one.
    static func make(columns: Int, rows: Int) -> OpaquePointer? {
        guard columns > 0, rows > 0, columns <= Int(Int32.max), rows <= Int(Int32.max) else { return nil }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(columns)))
        let (bytes, overflow) = stride.multipliedReportingOverflow(by: rows)
        guard stride > 0, !overflow, let memory = malloc(bytes) else { return nil }
        fill(memory, bytes: bytes)
        guard let surface = cairo_image_surface_create_for_data(memory.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24,
                                                                Int32(columns), Int32(rows), Int32(stride)) else {
            free(memory)
            return nil
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
              cairo_surface_set_user_data(surface, ownedMemory, memory, { free($0) }) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            free(memory)
            return nil
        }
        return surface
    }

    /// Makes an RGB24 image surface white again.
    static func clear(_ surface: OpaquePointer) {
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        fill(data, bytes: Int(cairo_image_surface_get_stride(surface)) * Int(cairo_image_surface_get_height(surface)))
        cairo_surface_mark_dirty(surface)
    }

    /// White xRGB words over `bytes` bytes (a multiple of 4: cairo's strides are), four at a time
    /// from a 16-byte boundary (malloc's and pixman's memory starts on one).
    private static func fill(_ memory: UnsafeMutableRawPointer, bytes: Int) {
        let words = memory.bindMemory(to: UInt32.self, capacity: bytes / 4)
        let head = min(bytes / 4, (16 - Int(bitPattern: memory) % 16) % 16 / 4)
        words.update(repeating: 0x00FF_FFFF, count: head)
        let vectors = (bytes / 4 - head) / 4
        UnsafeMutableRawPointer(words + head).bindMemory(to: SIMD4<UInt32>.self, capacity: vectors)
            .update(repeating: SIMD4(repeating: 0x00FF_FFFF), count: vectors)
        (words + head + 4 * vectors).update(repeating: 0x00FF_FFFF, count: bytes / 4 - head - 4 * vectors)
    }
}

/// Tests over one row of RGB24 pixels (xRGB words, little-endian), sixteen pixels at a time where
/// they are alike: renders are mostly white, and a pixel at a time costs most of their reading.
enum RGB24Row {
    /// The colour bits of a pixel.
    private static let colour: UInt32 = 0x00FF_FFFF
    /// The top bit of a pixel's green byte: set where green is 128 or more.
    private static let lightGreen: UInt32 = 0x0000_8000

    /// The first column of `range` whose pixel is not white; nil when all are.
    static func firstInk(_ line: UnsafeRawPointer, in range: Range<Int>) -> Int? {
        var column = range.lowerBound
        while column < range.upperBound {
            if line.load(fromByteOffset: column * 4, as: UInt32.self) & colour != colour { return column }
            column += column + 16 <= range.upperBound && allSet(line, at: column, bits: colour) ? 16 : 1
        }
        return nil
    }

    /// The last column of `range` whose pixel is not white; nil when all are.
    static func lastInk(_ line: UnsafeRawPointer, in range: Range<Int>) -> Int? {
        var end = range.upperBound
        while end > range.lowerBound {
            if line.load(fromByteOffset: (end - 1) * 4, as: UInt32.self) & colour != colour { return end - 1 }
            end -= end - 16 >= range.lowerBound && allSet(line, at: end - 16, bits: colour) ? 16 : 1
        }
        return nil
    }

    /// The pixels of `range` whose green is below 128 (a glyph mask's black).
    static func darkGreenCount(_ line: UnsafeRawPointer, in range: Range<Int>) -> Int {
        var count = 0
        var column = range.lowerBound
        while column < range.upperBound {
            if column + 16 <= range.upperBound, allSet(line, at: column, bits: lightGreen) {
                column += 16
                continue
            }
            let end = min(column + 16, range.upperBound)
            while column < end {
                if line.load(fromByteOffset: column * 4, as: UInt32.self) & lightGreen == 0 { count += 1 }
                column += 1
            }
        }
        return count
    }

    /// Whether the sixteen pixels from `column` all have every one of `bits` set.
    @inline(__always)
    private static func allSet(_ line: UnsafeRawPointer, at column: Int, bits: UInt32) -> Bool {
        let offset = column * 4
        let joined = line.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self)
            & line.loadUnaligned(fromByteOffset: offset + 16, as: SIMD4<UInt32>.self)
            & line.loadUnaligned(fromByteOffset: offset + 32, as: SIMD4<UInt32>.self)
            & line.loadUnaligned(fromByteOffset: offset + 48, as: SIMD4<UInt32>.self)
        return all(joined & SIMD4(repeating: bits) .== SIMD4(repeating: bits))
    }
}
