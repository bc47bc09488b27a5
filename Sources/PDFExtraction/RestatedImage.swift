import Foundation

/// An image XObject restated with its samples uncompressed, for the copy that image renders read
/// (`SharedScan.imageRenderUpdate(firstPage:)`).
///
/// Poppler inflates an image's FlateDecode data a bit at a time and undoes its PNG predictor a byte
/// at a time, every time a render draws it: on papers with raster figures that was most of the
/// render that measures hidden text over them. Here zlib inflates the data once, the predictor is
/// undone once, and the image is written again with the same samples, so poppler reads the same
/// bytes and draws the same pixels. Only what can be written again exactly is restated: a
/// FlateDecode image with no predictor or a PNG one poppler accepts, whose dictionary holds names,
/// whole numbers, booleans, references and strings whose bytes are known. Anything else is left
/// where it is.
struct RestatedImage {
    /// Samples restated for all the images of a file (the copy holds them in memory; a check's
    /// peak grows by about twice this while the copy is made).
    static let totalLimit = 16 << 20

    /// The dictionary's keys after `/Length`, written out.
    var keys: String
    /// The samples, as poppler reads them after its filters.
    var samples: [UInt8]

    /// The image `dictionary` (with its data at `data`) restated; throws when it cannot be exactly,
    /// or its samples would pass `limit` bytes.
    static func make(_ dictionary: PDFDictionary, data: Range<Int>, reader: inout PDFObjectReader, limit: Int,
                     deadline: Date) throws -> RestatedImage {
        switch try reader.lookup(dictionary, "Filter") {
        case .name("FlateDecode"): break
        case let .array(filters) where filters.count == 1:
            guard try reader.resolve(filters[0]).name == "FlateDecode" else { throw PDFReadDoubt() }
        default: throw PDFReadDoubt()
        }
        // An image whose samples cannot fit is not inflated to find out.
        if case let .integer(width) = try reader.lookup(dictionary, "Width"), case let .integer(height) = try reader.lookup(dictionary, "Height"),
           width > 0, height > 0, width <= limit, height <= limit, width * height > limit {
            throw PDFReadDoubt()
        }
        let predictor = try PNGPredictor(dictionary["DecodeParms"], reader: &reader)
        var keys = ""
        for (key, value) in dictionary.entries {
            switch key {
            case "Length", "Filter", "DecodeParms", "Metadata":
                continue
            case "Type", "Subtype", "Width", "Height", "BitsPerComponent", "ColorSpace", "Decode", "SMask", "Mask",
                 "Interpolate", "Intent", "Name", "ImageMask", "StructParent", "OC":
                keys += " /\(key) " + (try written(value, index: reader.index))
            default:
                throw PDFReadDoubt()
            }
        }
        guard data.upperBound <= reader.file.count else { throw PDFReadDoubt() }
        let (inflated, complete) = Inflater.inflate(UnsafeBufferPointer(rebasing: reader.file[data]), limit: limit + 1, deadline: deadline)
        guard complete, inflated.count <= limit else { throw PDFReadDoubt() }
        return RestatedImage(keys: keys, samples: try predictor.map { try $0.undone(inflated) } ?? inflated)
    }

    /// The images `order` names (object numbers) restated, in that order, until their samples
    /// reach `totalLimit`; a number that is no image stream of the file's own bytes, or an image
    /// that cannot be restated exactly or fit what is left, is passed over.
    static func images(of file: UnsafeBufferPointer<UInt8>, index: ObjectIndex, order: [Int]) -> [RestatedObject] {
        var reader = PDFObjectReader(file: file, index: index)
        return InflatedFontPrograms.restate(order.filter(index.imageStreams.contains), reader: &reader, limit: totalLimit) {
            dictionary, data, reader, left, deadline in
            let image = try make(dictionary, data: data, reader: &reader, limit: left, deadline: deadline)
            return (image.keys, image.samples)
        }
    }

    /// A value as PDF text; throws for what the object reader does not keep exactly (real
    /// numbers, strings with escapes, names that would need escaping, streams, missing objects).
    private static func written(_ value: PDFValue, index: ObjectIndex, depth: Int = 0) throws -> String {
        guard depth < 8 else { throw PDFReadDoubt() }
        switch value {
        case .null: return "null"
        case let .boolean(flag): return flag ? "true" : "false"
        case let .integer(number): return String(number)
        case let .name(name):
            guard !name.isEmpty, name.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                || (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") })
            else { throw PDFReadDoubt() }
            return "/" + name
        case let .string(bytes?):
            return "<" + bytes.map { String(format: "%02X", $0) }.joined() + ">"
        case let .array(items):
            return "[" + (try items.map { try written($0, index: index, depth: depth + 1) }).joined(separator: " ") + "]"
        case let .reference(number):
            guard let location = index.objects[number] else { throw PDFReadDoubt() }
            return "\(number) \(location.generation) R"
        case .number, .string(nil), .dictionary, .stream:
            throw PDFReadDoubt()
        }
    }
}

/// A PNG predictor as poppler applies it after FlateDecode (`/Predictor` 10 to 15: each row starts
/// with its own filter type, 0 to 4; another type copies the row as it is).
struct PNGPredictor {
    /// Bytes per row of samples, and per pixel (at least one).
    let rowBytes: Int
    let pixelBytes: Int

    init(rowBytes: Int, pixelBytes: Int) {
        self.rowBytes = rowBytes
        self.pixelBytes = pixelBytes
    }

    /// The predictor of `/DecodeParms`; nil for none (absent, or `/Predictor` 1). Throws for a
    /// TIFF predictor, or parameters poppler would refuse or that name no row.
    init?(_ parameters: PDFValue?, reader: inout PDFObjectReader) throws {
        guard let parameters else { return nil }
        let resolved = try reader.resolve(parameters)
        if case .null = resolved { return nil }
        guard case let .dictionary(dictionary) = resolved else { throw PDFReadDoubt() }
        func integer(_ key: String, _ fallback: Int) throws -> Int {
            switch try reader.lookup(dictionary, key) {
            case .null: return fallback
            case let .integer(value): return value
            default: throw PDFReadDoubt()
            }
        }
        let predictor = try integer("Predictor", 1)
        if predictor == 1 { return nil }
        let colors = try integer("Colors", 1), bits = try integer("BitsPerComponent", 8), columns = try integer("Columns", 1)
        guard (10...15).contains(predictor), (1...32).contains(colors), [1, 2, 4, 8, 16].contains(bits),
              (1...1_000_000).contains(columns) else { throw PDFReadDoubt() }
        rowBytes = (columns * colors * bits + 7) / 8
        pixelBytes = (colors * bits + 7) / 8
    }

    /// The rows unfiltered; throws unless the data is whole rows, each with its type byte. Each
    /// filter type has its own loop, with the first pixel of a row (no left neighbour) and the
    /// first row (none above: zeros) apart, so that no byte pays for a test.
    func undone(_ data: [UInt8]) throws -> [UInt8] {
        let stride = rowBytes + 1
        guard !data.isEmpty, data.count % stride == 0 else { throw PDFReadDoubt() }
        let rows = data.count / stride
        let lead = min(pixelBytes, rowBytes)
        return data.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: rows * rowBytes) { buffer, count in
                guard let source = input.baseAddress, let target = buffer.baseAddress else { return }
                for row in 0..<rows {
                    let raw = source + row * stride + 1
                    let out = target + row * rowBytes
                    let up: UnsafeMutablePointer<UInt8>? = row > 0 ? out - rowBytes : nil
                    Self.unfilter(type: raw[-1], raw, into: out, up: up, count: rowBytes, lead: lead)
                }
                count = rows * rowBytes
            }
        }
    }

    /// One row: `raw` after its type byte into `out`; `up` the row above, nil for the first.
    /// `lead`: the bytes of the first pixel, whose left neighbours are zeros.
    private static func unfilter(type: UInt8, _ raw: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>,
                                 up: UnsafeMutablePointer<UInt8>?, count: Int, lead: Int) {
        switch (type, up) {
        case (1, _), (4, nil):
            // Paeth with zeros above is the left byte.
            for column in 0..<lead { out[column] = raw[column] }
            for column in lead..<count { out[column] = raw[column] &+ out[column - lead] }
        case let (2, up?):
            for column in 0..<count { out[column] = raw[column] &+ up[column] }
        case (3, nil):
            for column in 0..<lead { out[column] = raw[column] }
            for column in lead..<count { out[column] = raw[column] &+ out[column - lead] / 2 }
        case let (3, up?):
            for column in 0..<lead { out[column] = raw[column] &+ up[column] / 2 }
            for column in lead..<count {
                out[column] = raw[column] &+ UInt8((UInt16(out[column - lead]) + UInt16(up[column])) / 2)
            }
        case let (4, up?):
            // Without a left neighbour, Paeth picks the byte above.
            for column in 0..<lead { out[column] = raw[column] &+ up[column] }
            for column in lead..<count {
                out[column] = raw[column] &+ paeth(out[column - lead], up[column], up[column - lead])
            }
        default:
            // Type 0, type 2 on the first row (zeros above), and the types poppler copies.
            out.update(from: raw, count: count)
        }
    }

    /// The Paeth predictor: of left, above and above-left, the one nearest to left + above - above-left.
    private static func paeth(_ left: UInt8, _ up: UInt8, _ upLeft: UInt8) -> UInt8 {
        let estimate = Int(left) + Int(up) - Int(upLeft)
        let toLeft = abs(estimate - Int(left)), toUp = abs(estimate - Int(up)), toUpLeft = abs(estimate - Int(upLeft))
        if toLeft <= toUp && toLeft <= toUpLeft { return left }
        return toUp <= toUpLeft ? up : upLeft
    }
}
