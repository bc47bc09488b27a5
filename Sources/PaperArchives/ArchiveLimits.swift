/// What papercheck reads from one zip archive at most. A member or an archive past a limit is
/// refused with `archive-bomb` (one result), never read in part and checked.
public struct ArchiveLimits: Sendable, Equatable {
    /// Uncompressed bytes of one member: 512 MiB. Papers are a few megabytes (at most 3.8 MB in the
    /// shared corpus and proceedings), long ones with many figures tens; and a worker holds the
    /// member in memory beside poppler's own.
    public var maximumMemberSize: UInt64 = 512 << 20
    /// Above this many uncompressed bytes (16 MiB) a member must not have inflated more than
    /// `maximumRatio` times its compressed size. Small members may compress well (a text-only PDF
    /// written without stream compression), and they cost little anyway.
    public var ratioFloor: UInt64 = 16 << 20
    /// Uncompressed over compressed size, above `ratioFloor`: 100. A PDF's streams are compressed
    /// already, so PDFs deflate little (at most 4.8:1 in the shared corpus and proceedings); 100:1
    /// takes long runs of one byte, the stuff of zip bombs.
    public var maximumRatio: UInt64 = 100
    /// Entries in one archive: 65,535, the most a zip without ZIP64 extensions holds. An export with
    /// a folder per submission stays below it for any conference; past it, the listing alone would
    /// cost more than the checks it leads to.
    public var maximumEntries: UInt64 = 65_535
    /// Bytes of the central directory: 64 MiB, room for the entries above with names, extra fields
    /// and comments of 1 KB each. It is read whole, in the coordinator and in each worker.
    public var maximumDirectorySize: UInt64 = 64 << 20
    /// Declared uncompressed bytes of all PDF members of one archive: 256 GiB, 50,000 papers of
    /// 5 MB each, more than any conference's submissions; an archive that declares more would keep
    /// the workers inflating for hours.
    public var maximumTotalSize: UInt64 = 256 << 30

    /// The limits papercheck uses.
    public static let standard = ArchiveLimits()

    /// Limits with the defaults above; tests lower them.
    public init() {}
}

extension UInt64 {
    /// The size in the units the README uses (`512 MiB`, `256 GiB`).
    var binarySize: String {
        if self >= 1 << 30, self % (1 << 30) == 0 { return "\(self >> 30) GiB" }
        if self >= 1 << 20 { return "\(self >> 20) MiB" }
        if self >= 1 << 10 { return "\(self >> 10) KiB" }
        return "\(self) bytes"
    }
}
