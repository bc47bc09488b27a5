import Foundation

/// A PDF object, as far as the reads over the lexical scan's object index need it
/// (`ObjectFontScanner`): names, integers, arrays, dictionaries, references and streams whole;
/// strings, reals and other numbers only as what they are.
/// Both types state `Sendable`: inferred, each waits on the other, and Swift 6.3 then reports a
/// "circular reference" in some builds.
indirect enum PDFValue: Sendable {
    case null
    case boolean(Bool)
    case integer(Int)
    /// A real or negative number.
    case number
    /// A literal or hexadecimal string, with its bytes when it is a literal one without escapes.
    case string([UInt8]?)
    case name(String)
    case array([PDFValue])
    case dictionary(PDFDictionary)
    case reference(Int)
    /// A stream of the file: its dictionary, and where its data lies in the file.
    case stream(PDFDictionary, data: Range<Int>)

    /// The dictionary, when this is one (a stream is not).
    var dictionary: PDFDictionary? {
        if case let .dictionary(dictionary) = self { return dictionary }
        return nil
    }

    var name: String? {
        if case let .name(name) = self { return name }
        return nil
    }

    var isStream: Bool {
        if case .stream = self { return true }
        return false
    }
}

/// A dictionary's entries in the order of the file, as poppler keeps them.
struct PDFDictionary: Sendable {
    var entries: [(key: String, value: PDFValue)] = []

    /// The value of the last entry with `key`, as poppler finds a key in a dictionary of fewer than
    /// 32 entries; nil when there is none.
    subscript(key: String) -> PDFValue? {
        entries.last { $0.key == key }?.value
    }
}

/// The file cannot be read the way poppler would read it, or not within the bounds: the caller
/// asks poppler instead.
struct PDFReadDoubt: Error {}

/// Where the lexical scan found each object, and the catalog (`RawObjectScanner`), for a file it
/// read completely and that is not encrypted.
struct ObjectIndex {
    var objects: [Int: ObjectLocation]
    /// The object streams' inflated bytes, which `ObjectLocation.buffer` indexes.
    var inflated: [[UInt8]]
    var root: Int
    /// The objects named as font programs (`FontProgramReferences`).
    var fontPrograms: Set<Int> = []
    /// The objects that are image streams.
    var imageStreams: Set<Int> = []
    /// The streams whose dictionary holds nothing but `/Length` and `/Filter /FlateDecode`: mostly
    /// content (a page's, a Type 3 glyph's) and ToUnicode maps.
    var plainFlateStreams: Set<Int> = []
    /// The object streams of the file's own bytes that the scan inflated whole and that hold
    /// nothing but `/Type`, `/N`, `/First`, a length and `/Filter /FlateDecode`: by object, the
    /// `inflated` buffer of their bytes, and their `/N` and `/First`.
    var objectStreams: [Int: (buffer: Int, count: Int, first: Int)] = [:]
}

/// Reads objects from the index, each parsed once, under bounds on depth, size and count.
struct PDFObjectReader {
    let file: UnsafeBufferPointer<UInt8>
    let index: ObjectIndex
    private var parsed: [Int: PDFValue] = [:]
    private var values = 0

    /// Objects read before the reader gives up.
    static let objectLimit = 50_000
    /// Values (of any depth) read before the reader gives up.
    static let valueLimit = 2_000_000
    /// Nesting of arrays and dictionaries allowed in one object.
    static let depthLimit = 32

    init(file: UnsafeBufferPointer<UInt8>, index: ObjectIndex) {
        self.file = file
        self.index = index
    }

    /// Object `number`: `.null` when the file has none (as poppler reads a reference to a missing
    /// object). Generation numbers are not compared.
    mutating func object(_ number: Int) throws -> PDFValue {
        if let known = parsed[number] { return known }
        guard parsed.count < Self.objectLimit else { throw PDFReadDoubt() }
        guard let location = index.objects[number] else {
            parsed[number] = .null
            return .null
        }
        let value: PDFValue
        if location.buffer < 0 {
            value = try read(in: file, at: location.offset, streamsAllowed: true)
        } else {
            guard location.buffer < index.inflated.count else { throw PDFReadDoubt() }
            let buffer = index.inflated[location.buffer]
            value = try buffer.withUnsafeBufferPointer { bytes in
                try read(in: bytes, at: location.offset, streamsAllowed: false)
            }
        }
        parsed[number] = value
        return value
    }

    /// The value a reference stands for; any other value as it is.
    mutating func resolve(_ value: PDFValue) throws -> PDFValue {
        if case let .reference(number) = value { return try object(number) }
        return value
    }

    /// `dictionary[key]`, a reference followed; `.null` when the key is absent.
    mutating func lookup(_ dictionary: PDFDictionary, _ key: String) throws -> PDFValue {
        guard let value = dictionary[key] else { return .null }
        return try resolve(value)
    }

    /// The bytes of a stream's data after its filter: none, or FlateDecode without parameters (at
    /// most `limit` bytes); and whether they are all of it. Other filters are doubt.
    mutating func decodedData(of dictionary: PDFDictionary, data: Range<Int>, limit: Int,
                              deadline: Date) throws -> (bytes: [UInt8], complete: Bool) {
        guard data.upperBound <= file.count else { throw PDFReadDoubt() }
        if dictionary["DecodeParms"] != nil || dictionary["DP"] != nil { throw PDFReadDoubt() }
        var filters: [PDFValue] = []
        switch try lookup(dictionary, "Filter") {
        case .null: break
        case let .array(items): for item in items { filters.append(try resolve(item)) }
        case let single: filters = [single]
        }
        let raw = UnsafeBufferPointer(rebasing: file[data])
        switch filters.map(\.name) {
        case []: return (Array(raw.prefix(limit)), raw.count <= limit)
        case ["FlateDecode"]: return Inflater.inflate(raw, limit: limit, deadline: deadline)
        default: throw PDFReadDoubt()
        }
    }

    private mutating func read(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int,
                               streamsAllowed: Bool) throws -> PDFValue {
        guard offset >= 0, offset < bytes.count else { throw PDFReadDoubt() }
        var parser = ValueParser(lexer: ScanLexer(bytes: bytes, position: offset, keepsStrings: true))
        let value = try parser.value(depth: 0, budget: &values)
        guard case let .dictionary(dictionary) = value, case .keyword("stream")? = parser.peek() else { return value }
        // Streams live in the file, never in object streams.
        guard streamsAllowed else { throw PDFReadDoubt() }
        var length: Int?
        switch dictionary["Length"] {
        case let .integer(direct)?: length = direct
        case let .reference(number)?:
            if case let .integer(indirect) = try object(number) { length = indirect }
        default: break
        }
        return .stream(dictionary, data: ScanLexer.streamData(in: bytes, after: parser.lexer.position, length: length))
    }
}

/// A page of the page tree: its dictionary, and the resources it has or inherits.
typealias PageNode = (dictionary: PDFDictionary, resources: PDFDictionary?)

extension PDFObjectReader {
    /// The pages in order, walked as poppler's catalog walks them: a kid that is no dictionary or
    /// closes a loop is skipped; a tree deeper than 64 or of more than 100,000 pages is doubt.
    mutating func pageTree() throws -> [PageNode] {
        guard let catalog = try object(index.root).dictionary, case let .reference(top)? = catalog["Pages"],
              let topNode = try object(top).dictionary else { throw PDFReadDoubt() }
        var pages: [PageNode] = []
        var stack: [(node: PDFDictionary, number: Int, resources: PDFDictionary?, nextKid: Int)] =
            [(topNode, top, try resources(of: topNode, inheriting: nil), 0)]
        while let last = stack.last {
            guard case let .array(kids) = try lookup(last.node, "Kids") else { throw PDFReadDoubt() }
            guard last.nextKid < kids.count else {
                stack.removeLast()
                if !stack.isEmpty { stack[stack.count - 1].nextKid += 1 }
                continue
            }
            guard case let .reference(kidNumber) = kids[last.nextKid], pages.count < 100_000, stack.count < 64 else {
                throw PDFReadDoubt()
            }
            let kid = try object(kidNumber).dictionary
            if let kid, !stack.contains(where: { $0.number == kidNumber }) {
                if kid["Type"]?.name == "Page" || kid["Kids"] == nil {
                    pages.append((kid, try resources(of: kid, inheriting: last.resources)))
                } else {
                    stack.append((kid, kidNumber, try resources(of: kid, inheriting: last.resources), 0))
                    continue
                }
            }
            stack[stack.count - 1].nextKid += 1
        }
        return pages
    }

    private mutating func resources(of node: PDFDictionary, inheriting inherited: PDFDictionary?) throws -> PDFDictionary? {
        try lookup(node, "Resources").dictionary ?? inherited
    }
}

/// Parses one value from `ScanLexer` tokens, with the lookahead `n g R` needs.
private struct ValueParser {
    var lexer: ScanLexer
    /// Tokens read ahead, each with the offset it starts at.
    private var ahead: [(token: ScanToken, start: Int)] = []

    init(lexer: ScanLexer) {
        self.lexer = lexer
    }

    mutating func peek(_ offset: Int = 0) -> ScanToken? {
        while ahead.count <= offset {
            guard let token = lexer.next() else { return nil }
            ahead.append((token, lexer.tokenStart))
        }
        return ahead[offset].token
    }

    private mutating func take() -> (token: ScanToken, start: Int)? {
        guard peek() != nil else { return nil }
        return ahead.removeFirst()
    }

    mutating func value(depth: Int, budget: inout Int) throws -> PDFValue {
        budget += 1
        guard depth < PDFObjectReader.depthLimit, budget < PDFObjectReader.valueLimit,
              let (token, start) = take() else { throw PDFReadDoubt() }
        switch token {
        case .dictOpen:
            var dictionary = PDFDictionary()
            while true {
                guard let next = take()?.token else { throw PDFReadDoubt() }
                if next == .dictClose { return .dictionary(dictionary) }
                guard case let .name(key) = next, Self.isPlain(key) else { throw PDFReadDoubt() }
                dictionary.entries.append((key, try value(depth: depth + 1, budget: &budget)))
            }
        case .arrayOpen:
            var items: [PDFValue] = []
            while true {
                if peek() == .arrayClose {
                    _ = take()
                    return .array(items)
                }
                items.append(try value(depth: depth + 1, budget: &budget))
            }
        case let .name(name):
            guard Self.isPlain(name) else { throw PDFReadDoubt() }
            return .name(name)
        case let .integer(number):
            if case .integer? = peek(), case .keyword("R")? = peek(1) {
                _ = take()
                _ = take()
                return .reference(number)
            }
            return .integer(number)
        case .keyword("true"): return .boolean(true)
        case .keyword("false"): return .boolean(false)
        case .keyword("null"): return .null
        case let .string(kept):
            // The lexer reads `\ddd` escapes as digits, and keeps 400 bytes: such a string's bytes are not known.
            let raw = UnsafeBufferPointer(rebasing: lexer.bytes[start..<min(lexer.bytes.count, start + kept.count + 2)])
            return .string(kept.count < 400 && !raw.contains(0x5C) ? kept : nil)
        case .other:
            switch lexer.bytes[start] {
            case 0x28, 0x3C: return .string(nil)  // ( or <
            case 0x2B, 0x2D, 0x2E, 0x30...0x39: return .number  // + - . digits
            default: throw PDFReadDoubt()
            }
        default:
            throw PDFReadDoubt()
        }
    }

    /// A name poppler reads to the same string: under its 127-byte token limit, without a NUL.
    private static func isPlain(_ name: String) -> Bool {
        name.utf8.count < 127 && !name.utf8.contains(0)
    }
}
