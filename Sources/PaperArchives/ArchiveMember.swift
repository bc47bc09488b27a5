import Foundation
import ZIPFoundation

/// The bytes of one archive member, in memory that this object owns (freed with it).
public final class MemberBytes: @unchecked Sendable {
    /// The first byte; nil when the member is empty.
    public let pointer: UnsafeRawPointer?
    /// How many bytes.
    public let count: Int

    init(taking pointer: UnsafeMutableRawPointer?, count: Int) {
        self.pointer = UnsafeRawPointer(pointer)
        self.count = count
    }

    deinit { free(UnsafeMutableRawPointer(mutating: pointer)) }

    /// Calls `body` with the bytes, which stay valid until it returns.
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(UnsafeRawBufferPointer(start: pointer, count: count)) }
    }
}

/// Reads one member of a zip archive into memory, in place: nothing is written to disk.
///
/// The member is found by name in the central directory (`ZipDirectory`, kept for the last
/// archive read, so that a worker reading member after member of one archive reads its directory
/// once), refused for what its entry says (`ZipEntry.refusal`), then read through its local
/// header. Deflated members are inflated by ZIPFoundation (`Data.decompress`) from the member's
/// own bytes only: the input ends where the directory says the member ends (a stream that runs
/// on is damaged, not read into the next member), and the output is counted as it comes, so a
/// member that inflates past `ArchiveLimits.maximumMemberSize`, or more than `maximumRatio`
/// times its compressed size above `ratioFloor`, is refused there whatever its header declared.
/// The size and CRC-32 are then checked against the directory.
public enum ArchiveMember {
    /// The bytes of `member`.
    public static func read(_ member: MemberPath, limits: ArchiveLimits = .standard) throws(ArchiveProblem) -> MemberBytes {
        let file = try ZipFile(path: member.archive)
        let directory = try DirectoryCache.shared.directory(of: file, limits: limits)
        let namesakes = directory.entries(named: member.member)
        guard let entry = namesakes.first else {
            throw ArchiveProblem(.missingMember, "the archive holds no member of this name; list its members (unzip -l) and check the name")
        }
        if namesakes.count > 1 {
            throw ArchiveProblem(.unsafePath, "the archive holds \(namesakes.count) members of this name, and tools may read either; unpack it with a tool you trust, rename them and check the folder")
        }
        if let refusal = entry.refusal(limits: limits) { throw refusal }
        return try read(entry, of: file, limits: limits)
    }

    /// Bytes asked of the archive at a time, and handed to the inflater.
    static let chunkSize = 1 << 16

    static func read(_ entry: ZipEntry, of file: ZipFile, limits: ArchiveLimits) throws(ArchiveProblem) -> MemberBytes {
        // The local header: its name must be the directory's, and the data must lie in the file.
        let header = try file.read(at: entry.localHeaderOffset, count: 30)
        guard le32(header, 0) == 0x0403_4B50 else {
            throw ArchiveProblem.unreadable("it is damaged (no local header where the directory places \(entry.shownName))")
        }
        if le16(header, 6) & 0x0041 != 0 {
            throw ArchiveProblem(.unsupported, "the member is encrypted, and papercheck does not decrypt archives; unpack it with the password and check the PDF")
        }
        let nameLength = Int(le16(header, 26))
        let extraLength = Int(le16(header, 28))
        let localName = try file.read(at: entry.localHeaderOffset + 30, count: nameLength)
        guard localName == entry.nameBytes else {
            throw ArchiveProblem.unreadable("it is damaged, or crafted (the local header of \(entry.shownName) names another file)")
        }
        let dataOffset = entry.localHeaderOffset + 30 + UInt64(nameLength + extraLength)
        guard dataOffset <= file.size, entry.compressedSize <= file.size - dataOffset else {
            throw ArchiveProblem.unreadable("it is damaged (the data of \(entry.shownName) runs past the end of the file)")
        }
        var output = Output(limits: limits, compressedSize: entry.compressedSize, declared: entry.uncompressedSize)
        let crc: CRC32
        if entry.method == 0 {
            var offset: UInt64 = 0
            var checksum = CRC32(0)
            while offset < entry.compressedSize {
                let count = Int(min(UInt64(chunkSize), entry.compressedSize - offset))
                var chunk = Data(count: count)
                let got = chunk.withUnsafeMutableBytes { file.read(into: $0, at: dataOffset + offset) }
                guard got == count else { throw ArchiveProblem.unreadable("it could not be read to the end") }
                try output.append(chunk)
                checksum = chunk.crc32(checksum: checksum)
                offset += UInt64(count)
            }
            crc = checksum
        } else {
            var given: UInt64 = 0
            var problem: ArchiveProblem?
            do {
                crc = try Data.decompress(size: Int64(entry.compressedSize), bufferSize: chunkSize, skipCRC32: false,
                                          provider: { _, size in
                    // ZIPFoundation hands zlib `size` bytes whatever the chunk's length, so every
                    // chunk is that long: the member's bytes, then zeros, which no stream ends on.
                    guard given < entry.compressedSize else {
                        problem = ArchiveProblem.unreadable("it is damaged (the compressed data of \(entry.shownName) does not end where its entry says)")
                        throw problem!
                    }
                    let count = Int(min(UInt64(size), entry.compressedSize - given))
                    var chunk = Data(count: size)
                    let got = chunk.withUnsafeMutableBytes { file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<count]), at: dataOffset + given) }
                    guard got == count else {
                        problem = ArchiveProblem.unreadable("it could not be read to the end")
                        throw problem!
                    }
                    given += UInt64(count)
                    return chunk
                }, consumer: { data in
                    do throws(ArchiveProblem) { try output.append(data) } catch {
                        problem = error
                        throw error
                    }
                })
            } catch {
                throw problem ?? ArchiveProblem.unreadable("it is damaged (the compressed data of \(entry.shownName) cannot be inflated)")
            }
        }
        guard UInt64(output.count) == entry.uncompressedSize else {
            throw ArchiveProblem.unreadable("it is damaged (\(entry.shownName) inflates to \(output.count) bytes, not the \(entry.uncompressedSize) its entry declares)")
        }
        guard crc == entry.crc32 else {
            throw ArchiveProblem.unreadable("it is damaged (the CRC-32 of \(entry.shownName) does not match its entry)")
        }
        return output.finish()
    }

    /// The inflated bytes so far, in one growing allocation, refused past the limits.
    private struct Output {
        let limits: ArchiveLimits
        let compressedSize: UInt64
        var pointer: UnsafeMutableRawPointer?
        var capacity = 0
        var count = 0

        init(limits: ArchiveLimits, compressedSize: UInt64, declared: UInt64) {
            self.limits = limits
            self.compressedSize = compressedSize
            // The declared size is a hint, not a promise: reserve it only up to the limit.
            capacity = Int(min(declared, limits.maximumMemberSize)) + 1
            pointer = malloc(capacity)
        }

        mutating func append(_ data: Data) throws(ArchiveProblem) {
            let total = UInt64(count + data.count)
            if total > limits.maximumMemberSize {
                throw ArchiveProblem(.bomb, "the member inflates past \(limits.maximumMemberSize.binarySize), more than papercheck reads of one member; if it is a real paper, unpack it and check the PDF")
            }
            let (ratioLimit, overflow) = limits.maximumRatio.multipliedReportingOverflow(by: compressedSize)
            if total > limits.ratioFloor, !overflow, total > ratioLimit {
                throw ArchiveProblem(.bomb, "the member inflates more than \(limits.maximumRatio) times its \(compressedSize) compressed bytes (past \(limits.ratioFloor.binarySize) so far), as zip bombs do; if it is a real paper, unpack it and check the PDF")
            }
            if count + data.count > capacity {
                capacity = max(count + data.count, min(capacity * 2, Int(limits.maximumMemberSize)))
                guard let grown = realloc(pointer, capacity) else {
                    throw ArchiveProblem(.bomb, "there is not enough memory to hold the member; check it alone, or with a higher --max-memory")
                }
                pointer = grown
            }
            data.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress, bytes.count > 0 { (pointer! + count).copyMemory(from: base, byteCount: bytes.count) }
            }
            count += data.count
        }

        func finish() -> MemberBytes { MemberBytes(taking: pointer, count: count) }
    }
}

/// The central directory of the archive read last, by its identity (device, inode, size, time).
final class DirectoryCache: @unchecked Sendable {
    static let shared = DirectoryCache()
    private let lock = NSLock()
    private var identity: [Int64] = []
    private var limits = ArchiveLimits.standard
    private var cached: IndexedDirectory?

    func directory(of file: ZipFile, limits: ArchiveLimits) throws(ArchiveProblem) -> IndexedDirectory {
        lock.lock()
        defer { lock.unlock() }
        if let cached, identity == file.identity, self.limits == limits { return cached }
        cached = nil
        let directory = IndexedDirectory(try ZipDirectory.read(file, limits: limits))
        identity = file.identity
        self.limits = limits
        cached = directory
        return directory
    }
}

/// A directory with its entries by name.
final class IndexedDirectory: @unchecked Sendable {
    let directory: ZipDirectory
    private let byName: [String: [Int]]

    init(_ directory: ZipDirectory) {
        self.directory = directory
        var byName: [String: [Int]] = [:]
        for (index, entry) in directory.entries.enumerated() where !entry.isDirectory {
            if let name = entry.name { byName[name, default: []].append(index) }
        }
        self.byName = byName
    }

    func entries(named name: String) -> [ZipEntry] { (byName[name] ?? []).map { directory.entries[$0] } }
}
