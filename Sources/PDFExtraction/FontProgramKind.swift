/// What an embedded font program is by its first bytes, told apart as poppler tells it when it
/// sets a font's type (FoFi's identifier over a stream): Type 1 (PFA or PFB), TrueType (or a
/// collection), OpenType with CFF, or bare CFF, 8-bit or CID-keyed (a top dict opening with ROS).
enum FontProgramKind: Equatable {
    case type1, cff8Bit, cffCID, trueType, openTypeCFF8Bit, openTypeCFFCID, unknown

    /// The kind of the program whose decoded bytes start with `bytes`; `complete` says they are
    /// all of it. Throws when the answer needs bytes past an incomplete prefix.
    static func identify(_ bytes: [UInt8], complete: Bool) throws -> FontProgramKind {
        var reader = ForwardReader(bytes: bytes, complete: complete)
        if try reader.matches(0, "%!PS-AdobeFont-1") || reader.matches(0, "%!FontType1") { return .type1 }
        if try reader.byte(0) == 0x80, try reader.byte(1) == 0x01, let length = try reader.u32LittleEndian(2) {
            if try (length >= 16 && reader.matches(6, "%!PS-AdobeFont-1")) || (length >= 11 && reader.matches(6, "%!FontType1")) {
                return .type1
            }
        }
        let head = [try reader.byte(0), try reader.byte(1), try reader.byte(2), try reader.byte(3)]
        if head == [0x00, 0x01, 0x00, 0x00] || head == [0x74, 0x72, 0x75, 0x65] { return .trueType }  // 'true'
        if head == [0x74, 0x74, 0x63, 0x66] { return .trueType }  // 'ttcf', a collection
        if head == [0x4F, 0x54, 0x54, 0x4F] { return try openType(&reader) }  // 'OTTO'
        if head[0] == 0x01, head[1] == 0x00 { return try cff(&reader, at: 0) }
        // Some tools put one byte of white space before a CFF program.
        if head[1] == 0x01, head[2] == 0x00 { return try cff(&reader, at: 1) }
        return .unknown
    }

    private static func openType(_ reader: inout ForwardReader) throws -> FontProgramKind {
        guard let tables = try reader.u16BigEndian(4) else { return .unknown }
        for table in 0..<tables where try reader.matches(12 + table * 16, "CFF ") {
            guard let offset = try reader.unsignedBigEndian(12 + table * 16 + 8, size: 4), offset < Int(Int32.max) else {
                return .unknown
            }
            switch try cff(&reader, at: offset) {
            case .cff8Bit: return .openTypeCFF8Bit
            case .cffCID: return .openTypeCFFCID
            case let other: return other
            }
        }
        return .unknown
    }

    /// A CFF program at `start`: CID-keyed when its first top dict opens with the ROS operator.
    private static func cff(_ reader: inout ForwardReader, at start: Int) throws -> FontProgramKind {
        guard try reader.byte(start) == 0x01, try reader.byte(start + 1) == 0x00 else { return .unknown }
        let headerSize = try reader.byte(start + 2)
        let offsetSize0 = try reader.byte(start + 3)
        guard headerSize >= 0, (1...4).contains(offsetSize0) else { return .unknown }
        var position = start + headerSize
        // The name index.
        guard let names = try reader.u16BigEndian(position) else { return .unknown }
        if names == 0 {
            position += 2
        } else {
            let offsetSize = try reader.byte(position + 2)
            guard (1...4).contains(offsetSize),
                  let last = try reader.unsignedBigEndian(position + 3 + names * offsetSize, size: offsetSize),
                  last <= Int(Int32.max) else { return .unknown }
            position += 3 + (names + 1) * offsetSize + last - 1
        }
        guard position >= 0, position <= Int(Int32.max) else { return .unknown }
        // The top dict index: where its first dict starts and ends. The end is counted from the
        // start already moved, as poppler counts it.
        guard let dicts = try reader.u16BigEndian(position), dicts >= 1 else { return .unknown }
        let offsetSize = try reader.byte(position + 2)
        guard (1...4).contains(offsetSize),
              let offset0 = try reader.unsignedBigEndian(position + 3, size: offsetSize), offset0 <= Int(Int32.max),
              let offset1 = try reader.unsignedBigEndian(position + 3 + offsetSize, size: offsetSize), offset1 <= Int(Int32.max),
              offset0 <= offset1 else { return .unknown }
        let dataStart = position + 3 + (dicts + 1) * offsetSize
        position = dataStart + offset0 - 1
        let end = position + 3 + (dicts + 1) * offsetSize + offset1 - 1
        guard dataStart <= Int(Int32.max), position <= Int(Int32.max), end <= Int(Int32.max), position >= 0, end >= 0,
              position <= end else { return .unknown }
        // A CID font's top dict starts with three operands and ROS (12 30).
        for _ in 0..<3 {
            let byte = try reader.byte(position)
            position += 1
            switch byte {
            case 0x1C: position += 2
            case 0x1D: position += 4
            case 0xF7...0xFE: position += 1
            case let other where other < 0x20 || other > 0xF6: return .cff8Bit
            default: break
            }
            if position >= end || position < 0 { return .cff8Bit }
        }
        if position + 1 < end, try reader.byte(position) == 12, try reader.byte(position + 1) == 30 { return .cffCID }
        return .cff8Bit
    }
}

/// Reads a byte sequence the way poppler's stream reader for the identifier does: through a
/// 1024-byte window that only moves forward, so a read behind the window fails (as it does there).
private struct ForwardReader {
    let bytes: [UInt8]
    let complete: Bool
    private var windowStart = 0
    private var windowLength = 0
    private var next = 0
    private static let windowSize = 1024

    init(bytes: [UInt8], complete: Bool) {
        self.bytes = bytes
        self.complete = complete
    }

    /// The next byte of the stream, nil at its end.
    private mutating func nextByte() throws -> UInt8? {
        if next < bytes.count {
            defer { next += 1 }
            return bytes[next]
        }
        if complete { return nil }
        throw PDFReadDoubt()
    }

    /// Brings `position..<position + length` into the window; false when it cannot.
    private mutating func fill(_ position: Int, _ length: Int) throws -> Bool {
        guard position >= 0, length >= 0, length <= Self.windowSize, position <= Int(Int32.max) - Self.windowSize,
              position >= windowStart else { return false }
        if position + length > windowStart + Self.windowSize {
            if position < windowStart + windowLength {
                windowLength -= position - windowStart
                windowStart = position
            } else {
                windowStart += windowLength
                windowLength = 0
                while windowStart < position {
                    guard try nextByte() != nil else { return false }
                    windowStart += 1
                }
            }
        }
        while windowStart + windowLength < position + length {
            guard try nextByte() != nil else { return false }
            windowLength += 1
        }
        return true
    }

    /// The byte at `position`, or -1.
    mutating func byte(_ position: Int) throws -> Int {
        try fill(position, 1) ? Int(bytes[position]) : -1
    }

    mutating func unsignedBigEndian(_ position: Int, size: Int) throws -> Int? {
        guard (1...4).contains(size), try fill(position, size) else { return nil }
        return bytes[position..<position + size].reduce(0) { $0 << 8 | Int($1) }
    }

    mutating func u16BigEndian(_ position: Int) throws -> Int? {
        try unsignedBigEndian(position, size: 2)
    }

    mutating func u32LittleEndian(_ position: Int) throws -> Int? {
        guard try fill(position, 4) else { return nil }
        return bytes[position..<position + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    mutating func matches(_ position: Int, _ text: String) throws -> Bool {
        let pattern = Array(text.utf8)
        guard try fill(position, pattern.count) else { return false }
        return bytes[position..<position + pattern.count].elementsEqual(pattern)
    }
}
