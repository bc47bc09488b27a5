import Foundation

/// One entry of a zip archive's central directory, with the sizes it declares (which the reading
/// of a member does not trust: see `ArchiveMember`).
public struct ZipEntry: Sendable, Equatable {
    /// Its position in the central directory, from 0.
    public var index: Int
    /// Its name as stored: bytes, since nothing makes them UTF-8.
    public var nameBytes: [UInt8]
    /// The general-purpose flags (bit 0: encrypted, bit 6: strong encryption).
    public var flags: UInt16
    /// The compression method: 0 stored, 8 deflate; others are not read.
    public var method: UInt16
    /// The CRC-32 of the uncompressed bytes.
    public var crc32: UInt32
    /// Bytes in the archive.
    public var compressedSize: UInt64
    /// Bytes once inflated, as declared.
    public var uncompressedSize: UInt64
    /// Where its local header starts in the archive.
    public var localHeaderOffset: UInt64

    /// The name, when it is valid UTF-8.
    public var name: String? { Self.utf8(nameBytes) }

    /// The name for messages and result paths: UTF-8 text, with control characters and bytes that
    /// are not UTF-8 written `\xNN`.
    public var shownName: String { Self.shown(nameBytes) }

    /// A folder entry (`101/`).
    public var isDirectory: Bool { nameBytes.last == UInt8(ascii: "/") }

    /// Encrypted (traditional PKWARE, AES or strong encryption).
    public var isEncrypted: Bool { flags & 0x0041 != 0 }

    /// Whether the name ends in `suffix` (ASCII, any case), as `.pdf` or `.zip`.
    public func nameEnds(with suffix: String) -> Bool {
        let tail = Array(suffix.lowercased().utf8)
        guard nameBytes.count >= tail.count else { return false }
        return nameBytes.suffix(tail.count).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } == tail
    }

    static func utf8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    static func shown(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            // The scalar (1 to 4 bytes) that starts here, if the bytes make one.
            let length = (1...4).first { length in
                guard index + length <= bytes.count, let text = utf8(Array(bytes[index..<index + length])) else { return false }
                return text.unicodeScalars.count == 1
            }
            if let length, let scalar = utf8(Array(bytes[index..<index + length]))?.unicodeScalars.first,
               !ArchiveListing.isControl(scalar) {
                out.unicodeScalars.append(scalar)
                index += length
            } else if let length, length > 1, let scalar = utf8(Array(bytes[index..<index + length]))?.unicodeScalars.first {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
                index += length
            } else {
                out += "\\x" + String(format: "%02X", bytes[index])
                index += 1
            }
        }
        return out
    }
}

/// A zip archive opened read-only: its size and identity, and reads at checked offsets.
final class ZipFile {
    let path: String
    let size: UInt64
    /// Device, inode, size and modification time: the same identity means the same directory.
    let identity: [Int64]
    private let descriptor: Int32

    init(path: String) throws(ArchiveProblem) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ArchiveProblem(.unreadable, "cannot open the archive (\(reason)); check the path and its permissions")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw ArchiveProblem(.unreadable, "the archive is not a regular file; give the zip file itself")
        }
        self.path = path
        self.descriptor = descriptor
        size = UInt64(max(0, info.st_size))
        identity = [Int64(info.st_dev), Int64(info.st_ino), Int64(info.st_size),
                    Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
    }

    deinit { close(descriptor) }

    /// Exactly `count` bytes from `offset`; the range must lie in the file.
    func read(at offset: UInt64, count: Int) throws(ArchiveProblem) -> [UInt8] {
        guard count >= 0, offset <= size, UInt64(count) <= size - offset else {
            throw ArchiveProblem.unreadable("it is damaged (a header points past the end of the file)")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        let done = bytes.withUnsafeMutableBytes { buffer in read(into: buffer, at: offset) }
        guard done == count else { throw ArchiveProblem.unreadable("it could not be read to the end (\(String(cString: strerror(errno))))") }
        return bytes
    }

    /// Reads up to `buffer.count` bytes from `offset` (fewer only at an error); the bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        return done
    }
}

/// The central directory of a zip archive, read by bounds: every offset, length and count is
/// checked against the file and `ArchiveLimits` before it is used, so that a crafted archive is a
/// refusal, never a crash, a hang or an allocation of what a header claims.
///
/// ZIPFoundation's own `Archive` is not used to list or to find entries: on a hostile archive it
/// traps (offsets past 2^63 are converted to `off_t` unchecked), ends its listing silently at the
/// first encrypted or damaged entry, and searches a file that is not a zip byte by byte from its
/// end. It inflates the members (`ArchiveMember`).
public struct ZipDirectory: Sendable {
    /// The entries, in central-directory order.
    public var entries: [ZipEntry]
    /// The archive's size in bytes.
    public var archiveSize: UInt64

    /// Reads the central directory of the archive at `path`.
    public static func read(path: String, limits: ArchiveLimits = .standard) throws(ArchiveProblem) -> ZipDirectory {
        try read(ZipFile(path: path), limits: limits)
    }

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let entrySignature: UInt32 = 0x0201_4B50

    static func read(_ file: ZipFile, limits: ArchiveLimits) throws(ArchiveProblem) -> ZipDirectory {
        // The end of central directory record: 22 bytes and a comment of at most 65,535, at the end.
        guard file.size >= 22 else { throw notAZip }
        let tailLength = Int(min(file.size, 22 + 65_535))
        let tailStart = file.size - UInt64(tailLength)
        let tail = try file.read(at: tailStart, count: tailLength)
        var found: Int?
        for start in stride(from: tailLength - 22, through: 0, by: -1)
            where tail[start] == 0x50 && le32(tail, start) == endSignature && start + 22 + Int(le16(tail, start + 20)) <= tailLength {
            found = start
            break
        }
        guard let end = found else { throw notAZip }
        let endOffset = tailStart + UInt64(end)
        var disk = UInt64(le16(tail, end + 4))
        var directoryDisk = UInt64(le16(tail, end + 6))
        var entriesOnDisk = UInt64(le16(tail, end + 8))
        var entryCount = UInt64(le16(tail, end + 10))
        var directorySize = UInt64(le32(tail, end + 12))
        var directoryOffset = UInt64(le32(tail, end + 16))
        var directoryEnd = endOffset
        var disks: UInt64 = 1
        // ZIP64: a locator just before the record points to a record with 64-bit fields.
        if endOffset >= 20 {
            let locator = try file.read(at: endOffset - 20, count: 20)
            if le32(locator, 0) == zip64LocatorSignature {
                let recordOffset = le64(locator, 8)
                disks = UInt64(le32(locator, 16))
                guard recordOffset <= endOffset - 20, endOffset - 20 - recordOffset >= 56 else {
                    throw ArchiveProblem.unreadable("it is damaged (its ZIP64 end record lies outside the file)")
                }
                let record = try file.read(at: recordOffset, count: 56)
                guard le32(record, 0) == zip64EndSignature else {
                    throw ArchiveProblem.unreadable("it is damaged (no ZIP64 end record where its locator points)")
                }
                disk = UInt64(le32(record, 16))
                directoryDisk = UInt64(le32(record, 20))
                entriesOnDisk = le64(record, 24)
                entryCount = le64(record, 32)
                directorySize = le64(record, 40)
                directoryOffset = le64(record, 48)
                directoryEnd = recordOffset
            }
        }
        guard disk == 0, directoryDisk == 0, disks <= 1, entriesOnDisk == entryCount else {
            throw ArchiveProblem(.unsupported, "it is one part of an archive split over several files; join the parts (zip -s 0 split.zip --out whole.zip) and check the whole archive")
        }
        guard entryCount <= limits.maximumEntries else {
            throw ArchiveProblem(.bomb, "it has \(entryCount) entries, more than the \(limits.maximumEntries) papercheck reads from one archive; split it into smaller archives, or unpack it and check the folder")
        }
        guard directorySize <= limits.maximumDirectorySize else {
            throw ArchiveProblem(.bomb, "its central directory is \(directorySize) bytes, more than the \(limits.maximumDirectorySize.binarySize) papercheck reads; split it into smaller archives, or unpack it and check the folder")
        }
        guard directoryOffset <= directoryEnd, directorySize <= directoryEnd - directoryOffset else {
            throw ArchiveProblem.unreadable("it is damaged (its central directory lies outside the file)")
        }
        guard entryCount * 46 <= directorySize else {
            throw ArchiveProblem.unreadable("it is damaged (its central directory is too short for its \(entryCount) entries)")
        }
        let directory = try file.read(at: directoryOffset, count: Int(directorySize))
        var entries: [ZipEntry] = []
        entries.reserveCapacity(Int(entryCount))
        var position = 0
        for index in 0..<Int(entryCount) {
            var damaged: ArchiveProblem {
                ArchiveProblem.unreadable("it is damaged (entry \(index + 1) of \(entryCount) of its central directory cannot be read)")
            }
            guard position + 46 <= directory.count, le32(directory, position) == entrySignature else { throw damaged }
            let nameLength = Int(le16(directory, position + 28))
            let extraLength = Int(le16(directory, position + 30))
            let commentLength = Int(le16(directory, position + 32))
            let recordEnd = position + 46 + nameLength + extraLength + commentLength
            guard recordEnd <= directory.count else { throw damaged }
            var entry = ZipEntry(index: index, nameBytes: Array(directory[(position + 46)..<(position + 46 + nameLength)]),
                                 flags: le16(directory, position + 8), method: le16(directory, position + 10),
                                 crc32: le32(directory, position + 16),
                                 compressedSize: UInt64(le32(directory, position + 20)),
                                 uncompressedSize: UInt64(le32(directory, position + 24)),
                                 localHeaderOffset: UInt64(le32(directory, position + 42)))
            let startDisk = le16(directory, position + 34)
            // ZIP64 extended information: 64-bit values for the fields whose 32-bit value is all ones, in this order.
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = le16(directory, extra)
                let length = Int(le16(directory, extra + 2))
                guard extra + 4 + length <= extraEnd else { throw damaged }
                if id == 0x0001 {
                    var field = extra + 4
                    let fieldEnd = field + length
                    func next() throws(ArchiveProblem) -> UInt64 {
                        guard field + 8 <= fieldEnd else { throw damaged }
                        defer { field += 8 }
                        return le64(directory, field)
                    }
                    if entry.uncompressedSize == 0xFFFF_FFFF { entry.uncompressedSize = try next() }
                    if entry.compressedSize == 0xFFFF_FFFF { entry.compressedSize = try next() }
                    if entry.localHeaderOffset == 0xFFFF_FFFF { entry.localHeaderOffset = try next() }
                    break
                }
                extra += 4 + length
            }
            guard startDisk == 0 || startDisk == 0xFFFF else {
                throw ArchiveProblem(.unsupported, "it is one part of an archive split over several files; join the parts (zip -s 0 split.zip --out whole.zip) and check the whole archive")
            }
            guard entry.localHeaderOffset < directoryOffset, entry.compressedSize <= directoryOffset - entry.localHeaderOffset else {
                throw ArchiveProblem.unreadable("it is damaged (the directory places \(entry.shownName) outside the archive's data)")
            }
            entries.append(entry)
            position = recordEnd
        }
        return ZipDirectory(entries: entries, archiveSize: file.size)
    }

    private static var notAZip: ArchiveProblem {
        ArchiveProblem.unreadable("it is not a zip archive, or a damaged one (it has no end of central directory record)")
    }
}

func le16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
}

func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(le16(bytes, offset)) | UInt32(le16(bytes, offset + 2)) << 16
}

func le64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
    UInt64(le32(bytes, offset)) | UInt64(le32(bytes, offset + 4)) << 32
}
