import Foundation

/// An incremental update that restates the file's FlateDecode font programs uncompressed, for
/// the copies that renders read (`ImagelessCopy`, the copy for image renders).
///
/// Poppler inflates a Type 1 or CFF font's whole program every time it builds the font, once per
/// page per pass (for its built-in encoding), and any program again when cairo loads it, in each
/// thread's document. Its inflater reads a bit at a time; on a LaTeX paper that was a quarter of a
/// check's instructions.
/// Appended after the file's last byte, the update's cross-reference section points each program's
/// object at an uncompressed stream of the same bytes (inflated once, here, through zlib) and
/// names the file's own last section as `/Prev`, so every other object is read where it was.
/// Poppler reads the same font program, and the pixels are the same. A program is restated only
/// when zlib inflates it completely, its dictionary holds nothing but lengths, a filter and a
/// subtype, and the file's `startxref` leads to a cross-reference section.
///
/// The pages' content streams are restated the same way (`plainStreams`): every pass over a page
/// (the render that reads the text, the margin renders, the render with images) reads its content
/// through that inflater again. So are the fonts' ToUnicode maps and Type 3 glyph procedures,
/// which poppler reads again whenever it builds the font.
enum InflatedFontPrograms {
    /// Inflated bytes allowed for one program (a Type 1 subset is tens of kilobytes, a whole
    /// TrueType font from a word processor a few megabytes), and for all of them.
    static let programLimit = 4 << 20
    static let totalLimit = 32 << 20

    /// The file's font programs restated, in object order.
    static func programs(of file: UnsafeBufferPointer<UInt8>, index: ObjectIndex) -> [RestatedObject] {
        guard !index.fontPrograms.isEmpty else { return [] }
        var reader = PDFObjectReader(file: file, index: index)
        return restate(index.fontPrograms.sorted(), reader: &reader, limit: totalLimit) { dictionary, data, reader, left, deadline in
            let keys = try restatedKeys(of: dictionary, reader: &reader)
            let (bytes, complete) = try reader.decodedData(of: dictionary, data: data, limit: min(programLimit, left), deadline: deadline)
            guard complete else { throw PDFReadDoubt() }
            return (keys, bytes)
        }
    }

    /// The streams `numbers` of the file's own bytes restated in that order, until their data
    /// reaches `limit` bytes: `restated` gives a stream's keys and data within the bytes left, or
    /// throws for one that cannot be restated exactly (it is passed over).
    static func restate(_ numbers: [Int], reader: inout PDFObjectReader, limit: Int,
                        as restated: (PDFDictionary, Range<Int>, inout PDFObjectReader, _ left: Int, Date) throws -> (keys: String, data: [UInt8]))
        -> [RestatedObject] {
        // A bound for a machine far slower than expected; the byte limits bound the work.
        let deadline = ReadingDeadline.after(30)
        var objects: [RestatedObject] = []
        var total = 0
        for number in numbers where total < limit {
            guard let location = reader.index.objects[number], location.buffer < 0,
                  case let .stream(dictionary, data)? = try? reader.object(number),
                  let (keys, bytes) = try? restated(dictionary, data, &reader, limit - total, deadline) else { continue }
            total += bytes.count
            objects.append(RestatedObject(number: number, generation: location.generation, keys: keys, data: bytes))
        }
        return objects
    }

    /// Inflated bytes allowed for one plain stream (a page's content, a few hundred kilobytes in a
    /// paper, megabytes in a page of plotted points), and for all of them.
    static let plainStreamLimit = 16 << 20
    static let plainTotalLimit = 16 << 20

    /// The pages' content streams (each page's `/Contents`, a stream or an array of them, in page
    /// order), then the streams their resources have poppler read again at every use (`resourceStreams`),
    /// that are plain FlateDecode streams (`ObjectIndex.plainFlateStreams`), restated with
    /// their length alone until their bytes reach `plainTotalLimit`. Only what pages draw: a plain
    /// stream can be anything (an illustrator's private data runs to megabytes).
    static func plainStreams(of file: UnsafeBufferPointer<UInt8>, index: ObjectIndex) -> [RestatedObject] {
        guard !index.plainFlateStreams.isEmpty else { return [] }
        var reader = PDFObjectReader(file: file, index: index)
        guard let pages = try? reader.pageTree() else { return [] }
        var contents: [Int] = []
        for page in pages {
            var items: [PDFValue] = []
            switch page.dictionary["Contents"] {
            case let .reference(number)?:
                if case let .array(array)? = try? reader.object(number) { items = array } else { items = [.reference(number)] }
            case let .array(array)?:
                items = array
            default:
                break
            }
            for case let .reference(number) in items { contents.append(number) }
        }
        var walked = Set<Int>()
        for page in pages {
            guard let resources = page.resources else { continue }
            resourceStreams(in: resources, reader: &reader, walked: &walked, depth: 0, into: &contents)
        }
        var seen = Set<Int>()
        let streams = contents.filter {
            index.plainFlateStreams.contains($0) && seen.insert($0).inserted && !index.fontPrograms.contains($0)
        }
        return restate(streams, reader: &reader, limit: plainTotalLimit) { dictionary, data, reader, left, deadline in
            let (bytes, complete) = try reader.decodedData(of: dictionary, data: data, limit: min(plainStreamLimit, left), deadline: deadline)
            guard complete else { throw PDFReadDoubt() }
            return ("", bytes)
        }
    }

    /// Objects a resource walk may visit in one file before it stops (it only chooses what to restate).
    static let resourceWalkLimit = 20_000

    /// The streams a resource dictionary names that poppler reads again each time it builds a font
    /// or draws a glyph (once per page per pass): the fonts' ToUnicode maps and Type 3 glyph
    /// procedures, in the resources of Type 3 fonts, forms and tiling patterns too. An object that
    /// cannot be read is passed over.
    private static func resourceStreams(in resources: PDFDictionary, reader: inout PDFObjectReader, walked: inout Set<Int>,
                                        depth: Int, into streams: inout [Int]) {
        guard depth < 32, walked.count < resourceWalkLimit else { return }
        var inner: [PDFDictionary] = []
        for entry in (try? reader.lookup(resources, "Font"))?.dictionary?.entries ?? [] {
            if case let .reference(number) = entry.value, !walked.insert(number).inserted { continue }
            guard let font = (try? reader.resolve(entry.value))?.dictionary else { continue }
            if case let .reference(map)? = font["ToUnicode"] { streams.append(map) }
            guard (try? reader.lookup(font, "Subtype"))?.name == "Type3" else { continue }
            for procedure in (try? reader.lookup(font, "CharProcs"))?.dictionary?.entries ?? [] {
                if case let .reference(number) = procedure.value { streams.append(number) }
            }
            if let resources = (try? reader.lookup(font, "Resources"))?.dictionary { inner.append(resources) }
        }
        for kind in ["XObject", "Pattern"] {
            for entry in (try? reader.lookup(resources, kind))?.dictionary?.entries ?? [] {
                if case let .reference(number) = entry.value, !walked.insert(number).inserted { continue }
                guard case let .stream(dictionary, _)? = try? reader.resolve(entry.value),
                      let resources = (try? reader.lookup(dictionary, "Resources"))?.dictionary else { continue }
                inner.append(resources)
            }
        }
        for resources in inner {
            resourceStreams(in: resources, reader: &reader, walked: &walked, depth: depth + 1, into: &streams)
        }
    }

    /// The object streams restated uncompressed from the bytes the scan inflated (poppler inflates
    /// an object stream again each time it loads it, in each document).
    static func objectStreams(of index: ObjectIndex) -> [RestatedObject] {
        index.objectStreams.sorted { $0.key < $1.key }.compactMap { number, stream in
            guard let location = index.objects[number], location.buffer < 0, stream.buffer < index.inflated.count else { return nil }
            return RestatedObject(number: number, generation: location.generation,
                                  keys: " /Type /ObjStm /N \(stream.count) /First \(stream.first)", data: index.inflated[stream.buffer])
        }
    }

    /// The update that points each object of `restated` at its restated stream, in the order it is
    /// written, in parts, so that a copy can take each where it goes and free it (an image's
    /// samples are megabytes); nil when there is nothing to restate or the file's last
    /// cross-reference section cannot be found.
    static func update(of file: UnsafeBufferPointer<UInt8>, index: ObjectIndex, restating restated: [RestatedObject]) -> UpdateParts? {
        guard !restated.isEmpty, let previous = lastCrossReference(in: file), let root = index.objects[index.root] else { return nil }
        var parts = UpdateParts()
        var entries: [(number: Int, generation: Int, offset: Int)] = []
        parts.append(Array("\n".utf8))
        for item in restated {
            entries.append((item.number, item.generation, file.count + parts.count))
            parts.append(Array("\(item.number) \(item.generation) obj\n<< /Length \(item.data.count)\(item.keys) >>\nstream\n".utf8))
            parts.append(item.data)
            parts.append(Array("\nendstream\nendobj\n".utf8))
        }
        let size = (index.objects.keys.max() ?? 0) + 1
        var table = "xref\n0 1\n0000000000 65535 f \n"
        for entry in entries {
            table += "\(entry.number) 1\n" + String(format: "%010d %05d n \n", entry.offset, entry.generation)
        }
        table += "trailer\n<< /Size \(size) /Root \(index.root) \(root.generation) R /Prev \(previous) >>\n"
        table += "startxref\n\(file.count + parts.count)\n%%EOF\n"
        parts.append(Array(table.utf8))
        return parts
    }

    /// The keys of a program's dictionary to keep, written out (lengths and the subtype); throws
    /// when it holds anything else, or its filter is not FlateDecode alone.
    private static func restatedKeys(of dictionary: PDFDictionary, reader: inout PDFObjectReader) throws -> String {
        switch try reader.lookup(dictionary, "Filter") {
        case .name("FlateDecode"): break
        case let .array(filters) where filters.count == 1:
            guard try reader.resolve(filters[0]).name == "FlateDecode" else { throw PDFReadDoubt() }
        default: throw PDFReadDoubt()
        }
        var keys = ""
        for (key, _) in dictionary.entries {
            switch key {
            case "Length", "Filter", "Metadata":
                continue
            case "Length1", "Length2", "Length3":
                guard case let .integer(value) = try reader.lookup(dictionary, key) else { throw PDFReadDoubt() }
                keys += " /\(key) \(value)"
            case "Subtype":
                guard let name = try reader.lookup(dictionary, key).name,
                      name.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
                else { throw PDFReadDoubt() }
                keys += " /Subtype /\(name)"
            default:
                throw PDFReadDoubt()
            }
        }
        return keys
    }

    /// The offset the file's last `startxref` names, when a cross-reference table or stream is there.
    static func lastCrossReference(in file: UnsafeBufferPointer<UInt8>) -> Int? {
        let tailStart = max(0, file.count - 1024)
        var found: Int?
        var search = tailStart
        while let hit = ScanLexer.find(file, "startxref", from: search) {
            found = hit
            search = hit + 1
        }
        guard let keyword = found else { return nil }
        var lexer = ScanLexer(bytes: file, position: keyword + 9)
        guard case let .integer(offset)? = lexer.next(), offset > 0, offset < file.count else { return nil }
        var section = ScanLexer(bytes: file, position: offset)
        switch section.next() {
        case .keyword("xref")?:
            return offset
        case .integer?:
            guard case .integer? = section.next(), case .keyword("obj")? = section.next() else { return nil }
            return offset
        default:
            return nil
        }
    }
}

/// An object restated as a stream of its own for a copy: its number and generation, the keys of
/// its dictionary after `/Length` (written out), and its data, unfiltered.
struct RestatedObject {
    let number: Int
    let generation: Int
    let keys: String
    let data: [UInt8]
}

/// An update to append, in parts, and its length in bytes.
struct UpdateParts {
    var parts: [[UInt8]] = []
    var count = 0

    mutating func append(_ part: [UInt8]) {
        parts.append(part)
        count += part.count
    }
}
