/// What a zip archive stands for as input: its PDF members, each an input of its own, sorted by
/// name; the members refused and why; the archives inside it, which are not opened. Read from the
/// central directory only: nothing is inflated.
public struct ArchiveListing: Sendable, Equatable {
    /// One PDF member.
    public struct Member: Sendable, Equatable {
        /// The input path, `archive!/name` (the name shown with `\xNN` escapes when it is not plain UTF-8).
        public var path: String
        /// The uncompressed size its directory entry declares, to order a batch largest first.
        public var size: UInt64
        /// Why it is not read, if it is not.
        public var refusal: ArchiveProblem?
    }

    /// The archive's path, as given.
    public var archive: String
    /// The members whose names end in `.pdf` (any case), sorted by name (equal names keep the
    /// directory's order, and stand for one refused member).
    public var members: [Member] = []
    /// The names of members that are zip archives themselves: not opened, but worth a warning.
    public var nestedArchives: [String] = []
    /// Why the archive as a whole is not read (it then stands for one error result); nil when it is.
    public var problem: ArchiveProblem?

    /// Lists the archive at `archive`.
    public static func list(_ archive: String, limits: ArchiveLimits = .standard) -> ArchiveListing {
        var listing = ArchiveListing(archive: archive)
        let directory: ZipDirectory
        do {
            directory = try ZipDirectory.read(path: archive, limits: limits)
        } catch {
            listing.problem = error
            return listing
        }
        let files = directory.entries.filter { !$0.isDirectory }
        listing.nestedArchives = files.filter { $0.nameEnds(with: ".zip") }.map(\.shownName)
        let pdfs = files.filter { $0.nameEnds(with: ".pdf") }
        var declared: UInt64 = 0
        for entry in pdfs {
            let (sum, overflow) = declared.addingReportingOverflow(entry.uncompressedSize)
            declared = overflow ? .max : sum
        }
        if declared > limits.maximumTotalSize {
            listing.problem = ArchiveProblem(.bomb, "its \(pdfs.count) PDF members declare \(declared) bytes in all, more than the \(limits.maximumTotalSize.binarySize) papercheck reads from one archive; split it into smaller archives, or unpack it and check the folder")
            return listing
        }
        let byName = Dictionary(grouping: pdfs, by: \.shownName)
        for name in byName.keys.sorted() {
            let namesakes = byName[name] ?? []
            guard let entry = namesakes.first else { continue }
            var refusal = entry.refusal(limits: limits)
            if namesakes.count > 1 {
                refusal = ArchiveProblem(.unsafePath, "the archive holds \(namesakes.count) members of this name, and tools may read either; unpack it with a tool you trust, rename them and check the folder")
            }
            listing.members.append(Member(path: MemberPath(archive: archive, member: name).path,
                                          size: entry.uncompressedSize, refusal: refusal))
        }
        return listing
    }

    /// Characters that are not shown as they are in a member name: C0 and C1 controls, DEL, and
    /// the formatting characters that reorder text (a name could pretend to end in `.pdf`).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension ZipEntry {
    /// Why this member is not read, from its directory entry alone; nil when it may be.
    ///
    /// - unsafe names (`archive-unsafe-path`): empty, not UTF-8, absolute (`/x.pdf`), a `..`
    ///   component, a backslash (a Windows separator some tools follow), a drive letter (`C:`),
    ///   control or text-reordering characters;
    /// - encryption, or compression other than stored (0) and deflate (8) (`archive-unsupported`);
    /// - a declared size past `ArchiveLimits.maximumMemberSize`, or a declared ratio past
    ///   `maximumRatio` above `ratioFloor` (`archive-bomb`); the inflating checks the real size again.
    public func refusal(limits: ArchiveLimits = .standard) -> ArchiveProblem? {
        if let unsafe = unsafeName { return ArchiveProblem(.unsafePath, "its name \(unsafe), so papercheck does not read it; unpack the archive with a tool you trust, rename the file and check it") }
        if isEncrypted {
            return ArchiveProblem(.unsupported, "the member is encrypted, and papercheck does not decrypt archives; unpack it with the password and check the PDF")
        }
        guard method == 0 || method == 8 else {
            let known: [UInt16: String] = [9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES encryption"]
            return ArchiveProblem(.unsupported, "the member is compressed with method \(method)\(known[method].map { " (\($0))" } ?? ""), and papercheck reads only stored and deflated members; unpack it with a tool that knows the method, or zip it again, and check the PDF")
        }
        if uncompressedSize > limits.maximumMemberSize {
            return ArchiveProblem(.bomb, "the member declares \(uncompressedSize) bytes, more than the \(limits.maximumMemberSize.binarySize) papercheck reads of one member; if it is a real paper, unpack it and check the PDF")
        }
        let (ratioLimit, overflow) = limits.maximumRatio.multipliedReportingOverflow(by: compressedSize)
        if uncompressedSize > limits.ratioFloor, !overflow, uncompressedSize > ratioLimit {
            return ArchiveProblem(.bomb, "the member would inflate \(uncompressedSize / max(compressedSize, 1)) times (\(compressedSize) bytes to \(uncompressedSize)), past the \(limits.maximumRatio):1 papercheck allows above \(limits.ratioFloor.binarySize), as zip bombs do; if it is a real paper, unpack it and check the PDF")
        }
        if method == 0, compressedSize != uncompressedSize {
            return ArchiveProblem.unreadable("it is damaged (the stored member \(shownName) declares two sizes)")
        }
        return nil
    }

    /// What is wrong with the name, as the end of a sentence, or nil for a plain relative name.
    var unsafeName: String? {
        guard !nameBytes.isEmpty else { return "is empty" }
        guard let name else { return "is not valid UTF-8" }
        if name.unicodeScalars.contains(where: ArchiveListing.isControl) { return "holds control or text-reordering characters" }
        if name.hasPrefix("/") { return "is an absolute path" }
        if name.contains("\\") { return "holds a backslash, which some tools take for a folder separator" }
        if let first = name.unicodeScalars.first, name.unicodeScalars.dropFirst().first == ":",
           ("A"..."Z").contains(first) || ("a"..."z").contains(first) { return "starts with a drive letter" }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") { return "climbs out of the archive's folder (..)" }
        return nil
    }
}
