import Foundation

/// Zip archives written byte by byte, for what the fixtures cannot hold: any name, flag, method,
/// size or offset. Members are stored (method 0 writes the data as it is, whatever `method` says).
struct ZipBuilder {
    struct Entry {
        var name: [UInt8]
        var data: [UInt8]
        /// Bit 11: the name is UTF-8.
        var flags: UInt16 = 0x0800
        var method: UInt16 = 0
        /// The uncompressed size the headers declare; the data's length when nil.
        var declaredSize: UInt32?
        /// The CRC-32 the headers declare; the data's when nil.
        var declaredCRC: UInt32?
        /// A ZIP64 extra field in the directory giving this local header offset (the 32-bit field
        /// then says 0xFFFFFFFF).
        var zip64Offset: UInt64?
        /// The name the local header gives; `name` when nil.
        var localName: [UInt8]?

        init(_ name: String, _ data: [UInt8]) {
            self.name = Array(name.utf8)
            self.data = data
        }

        init(bytes name: [UInt8], _ data: [UInt8]) {
            self.name = name
            self.data = data
        }
    }

    /// The archive's bytes; `declaredEntries` overrides the count in the end record. With `zip64`,
    /// a ZIP64 end record and its locator carry the count, size and offset of the directory, and
    /// the plain end record says 0xFFFF and 0xFFFFFFFF.
    static func archive(_ entries: [Entry], declaredEntries: Int? = nil, zip64: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let offset = UInt32(out.count)
            let crc = entry.declaredCRC ?? crc32(entry.data)
            let size = entry.declaredSize ?? UInt32(entry.data.count)
            let localName = entry.localName ?? entry.name
            out += le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0x5821)
            out += le32(crc) + le32(UInt32(entry.data.count)) + le32(size) + le16(UInt16(localName.count)) + le16(0)
            out += localName + entry.data
            let extra = entry.zip64Offset.map { le16(1) + le16(8) + le64($0) } ?? []
            directory += le32(0x0201_4B50) + le16(0x031E) + le16(entry.zip64Offset == nil ? 20 : 45) + le16(entry.flags)
            directory += le16(entry.method) + le16(0) + le16(0x5821) + le32(crc) + le32(UInt32(entry.data.count)) + le32(size)
            directory += le16(UInt16(entry.name.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0)
            directory += le32(0o100644 << 16) + le32(entry.zip64Offset == nil ? offset : 0xFFFF_FFFF)
            directory += entry.name + extra
        }
        let directoryOffset = UInt32(out.count)
        out += directory
        let count = UInt16(declaredEntries ?? entries.count)
        if zip64 {
            let record = UInt64(out.count)
            out += le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            out += le64(UInt64(count)) + le64(UInt64(count)) + le64(UInt64(directory.count)) + le64(UInt64(directoryOffset))
            out += le32(0x0706_4B50) + le32(0) + le64(record) + le32(1)
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF)
            out += le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF) + le16(0)
            return out
        }
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(count) + le16(count)
        out += le32(UInt32(directory.count)) + le32(directoryOffset) + le16(0)
        return out
    }

    /// Writes the archive to `url`.
    static func write(_ entries: [Entry], to url: URL) throws {
        try Data(archive(entries)).write(to: url)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { le16(UInt16(value & 0xFFFF)) + le16(UInt16(value >> 16)) }
    static func le64(_ value: UInt64) -> [UInt8] { le32(UInt32(value & 0xFFFF_FFFF)) + le32(UInt32(value >> 32)) }
}
