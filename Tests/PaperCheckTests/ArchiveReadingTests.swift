import Foundation
import PaperArchives
import PaperCheck
import Testing

/// Reading zip archives in place (PaperArchives): listings, refusals and member bytes, on archives
/// built byte by byte (`ZipBuilder`) and on the fixtures in Fixtures/archives.
@Suite("archive reading")
struct ArchiveReadingTests {
    static let archives = FixtureTests.fixtures.appendingPathComponent("archives")

    static func archive(_ name: String) -> String { archives.appendingPathComponent(name).path }

    /// Writes `entries` as a zip in a new folder; the folder is removed by `cleanup`.
    static func zip(_ entries: [ZipBuilder.Entry], named name: String = "test.zip", declaredEntries: Int? = nil,
                    zip64: Bool = false) throws -> String {
        let folder = try BatchTests.temporaryDirectory()
        let url = folder.appendingPathComponent(name)
        try Data(ZipBuilder.archive(entries, declaredEntries: declaredEntries, zip64: zip64)).write(to: url)
        return url.path
    }

    static func cleanup(_ path: String) {
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    static let pdf = Array("%PDF-1.4\n%%EOF\n".utf8)

    /// The refusal of reading `member` of `archive`, nil when it reads.
    static func refusal(_ archive: String, _ member: String, limits: ArchiveLimits = .standard) -> ArchiveProblem? {
        do {
            _ = try ArchiveMember.read(MemberPath(archive: archive, member: member), limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static let unsafeNames: [(name: [UInt8], shown: String)] = [
        (Array("../evil.pdf".utf8), "../evil.pdf"),
        (Array("a/../../evil.pdf".utf8), "a/../../evil.pdf"),
        (Array("/abs.pdf".utf8), "/abs.pdf"),
        (Array("..\\evil.pdf".utf8), "..\\evil.pdf"),
        (Array("a\\b.pdf".utf8), "a\\b.pdf"),
        (Array("C:/evil.pdf".utf8), "C:/evil.pdf"),
        (Array("c:evil.pdf".utf8), "c:evil.pdf"),
        (Array("nul\u{0}.pdf".utf8), "nul\\x00.pdf"),
        (Array("line\nbreak.pdf".utf8), "line\\x0Abreak.pdf"),
        (Array("\u{202E}fdp.exe.pdf".utf8), "\\u{202e}fdp.exe.pdf"),
        ([0x70, 0xE9, 0x2E, 0x70, 0x64, 0x66], "p\\xE9.pdf"),
    ]

    @Test("unsafe member names are refused, each with a result of its own", arguments: 0..<11)
    func unsafeNamesAreRefused(_ index: Int) throws {
        let (name, shown) = Self.unsafeNames[index]
        let path = try Self.zip([ZipBuilder.Entry(bytes: name, Self.pdf), ZipBuilder.Entry("ok/paper.pdf", Self.pdf)])
        defer { Self.cleanup(path) }
        let listing = ArchiveListing.list(path)
        #expect(listing.problem == nil)
        let refused = try #require(listing.members.first { $0.path == path + "!/" + shown }, "\(listing.members.map(\.path))")
        #expect(refused.refusal?.code == .unsafePath)
        #expect(listing.members.first { $0.path.hasSuffix("!/ok/paper.pdf") }?.refusal == nil)
        if let text = String(bytes: name, encoding: .utf8), !text.contains("\u{0}") {
            // Named directly, the member is refused by the reader too.
            #expect(Self.refusal(path, text)?.code == .unsafePath)
        }
    }

    @Test func membersAreSortedByNameAndFoldersAndOtherFilesAreNoInputs() throws {
        let path = try Self.zip([ZipBuilder.Entry("b/", []), ZipBuilder.Entry("b/paper.pdf", Self.pdf), ZipBuilder.Entry("a/paper.PDF", Self.pdf),
                                 ZipBuilder.Entry("a/notes.txt", Array("x".utf8)), ZipBuilder.Entry("a/inner.ZIP", [])])
        defer { Self.cleanup(path) }
        let listing = ArchiveListing.list(path)
        #expect(listing.members.map(\.path) == [path + "!/a/paper.PDF", path + "!/b/paper.pdf"])
        #expect(listing.members.map(\.size) == [UInt64(Self.pdf.count), UInt64(Self.pdf.count)])
        #expect(listing.nestedArchives == ["a/inner.ZIP"])
        let bytes = try ArchiveMember.read(MemberPath(archive: path, member: "b/paper.pdf"))
        #expect(bytes.withBytes { Array($0) } == Self.pdf)
    }

    @Test func zip64RecordsAndOffsetsAreRead() throws {
        // Exports past 4 GB or 65,535 entries carry ZIP64 end records and 64-bit offsets.
        var second = ZipBuilder.Entry("b/paper.pdf", Self.pdf)
        second.zip64Offset = UInt64(30 + "a/paper.pdf".utf8.count + Self.pdf.count)
        let path = try Self.zip([ZipBuilder.Entry("a/paper.pdf", Self.pdf), second], zip64: true)
        defer { Self.cleanup(path) }
        let listing = ArchiveListing.list(path)
        #expect(listing.problem == nil && listing.members.map(\.path) == [path + "!/a/paper.pdf", path + "!/b/paper.pdf"])
        #expect(Self.refusal(path, "a/paper.pdf") == nil && Self.refusal(path, "b/paper.pdf") == nil)
    }

    @Test func twoMembersOfOneNameAreOneRefusal() throws {
        let path = try Self.zip([ZipBuilder.Entry("paper.pdf", Self.pdf), ZipBuilder.Entry("paper.pdf", Array("%PDF-1.4 other".utf8))])
        defer { Self.cleanup(path) }
        let listing = ArchiveListing.list(path)
        #expect(listing.members.count == 1)
        #expect(listing.members.first?.refusal?.code == .unsafePath)
        #expect(Self.refusal(path, "paper.pdf") == ArchiveProblem(.unsafePath, "the archive holds 2 members of this name, and tools may read either; unpack it with a tool you trust, rename them and check the folder"))
    }

    @Test func encryptedMembersAndOtherMethodsAreUnsupportedAndHideNothingAfterThem() throws {
        var encrypted = ZipBuilder.Entry("1/secret.pdf", Self.pdf)
        encrypted.flags |= 1
        var bzip2 = ZipBuilder.Entry("2/bzip2.pdf", Self.pdf)
        bzip2.method = 12
        let path = try Self.zip([encrypted, bzip2, ZipBuilder.Entry("3/plain.pdf", Self.pdf)])
        defer { Self.cleanup(path) }
        let listing = ArchiveListing.list(path)
        #expect(listing.members.map { $0.refusal?.code } == [.unsupported, .unsupported, nil])
        #expect(listing.members[1].refusal?.reason.contains("method 12 (bzip2)") == true)
        // An encrypted entry does not end the directory (it ends ZIPFoundation's own listing).
        #expect(try ArchiveMember.read(MemberPath(archive: path, member: "3/plain.pdf")).withBytes { Array($0) } == Self.pdf)
    }

    @Test func limitsPerArchiveAndPerMember() throws {
        let path = try Self.zip([ZipBuilder.Entry("a.pdf", Self.pdf), ZipBuilder.Entry("b.pdf", Self.pdf), ZipBuilder.Entry("c.pdf", Self.pdf)])
        defer { Self.cleanup(path) }
        var limits = ArchiveLimits()
        limits.maximumEntries = 2
        #expect(ArchiveListing.list(path, limits: limits).problem?.code == .bomb)
        limits = ArchiveLimits()
        limits.maximumTotalSize = UInt64(2 * Self.pdf.count)
        #expect(ArchiveListing.list(path, limits: limits).problem?.code == .bomb)
        limits = ArchiveLimits()
        limits.maximumMemberSize = 8
        let listing = ArchiveListing.list(path, limits: limits)
        #expect(listing.problem == nil && listing.members.allSatisfy { $0.refusal?.code == .bomb })
        #expect(ArchiveListing.list(path).members.allSatisfy { $0.refusal == nil })
    }

    @Test func aMemberThatInflatesPastItsHeaderIsStoppedWhileInflating() throws {
        // bomb_lying.zip declares 1 KiB: the directory lets it pass, the inflating does not.
        let path = Self.archive("bomb_lying.zip")
        #expect(ArchiveListing.list(path).members.map { $0.refusal } == [nil])
        #expect(Self.refusal(path, "bomb.pdf")?.code == .bomb)
        // With a lower cap, the size rule stops it before the ratio rule could.
        var limits = ArchiveLimits()
        limits.maximumMemberSize = 1 << 20
        limits.ratioFloor = 32 << 20
        let refusal = Self.refusal(path, "bomb.pdf", limits: limits)
        #expect(refusal?.code == .bomb && refusal?.reason.contains("inflates past 1 MiB") == true, "\(String(describing: refusal))")
    }

    /// Archives that would crash or hang a reader that believes them: each is `archive-unreadable`.
    @Test func damagedAndCraftedArchivesAreRefusedNotBelieved() throws {
        // A ZIP64 offset past 2^63 (ZIPFoundation's own reader traps on it).
        var far = ZipBuilder.Entry("far.pdf", Self.pdf)
        far.zip64Offset = 0xFFFF_FFFF_FFFF_FFF0
        let crafted = try Self.zip([far])
        defer { Self.cleanup(crafted) }
        #expect(ArchiveListing.list(crafted).problem?.code == .unreadable)

        // More entries declared than the directory holds.
        let short = try Self.zip([ZipBuilder.Entry("a.pdf", Self.pdf)], declaredEntries: 3)
        defer { Self.cleanup(short) }
        #expect(ArchiveListing.list(short).problem?.code == .unreadable)

        // A CRC-32 that does not match, and a local header that names another file.
        var wrongCRC = ZipBuilder.Entry("crc.pdf", Self.pdf)
        wrongCRC.declaredCRC = 1234
        var otherName = ZipBuilder.Entry("shown.pdf", Self.pdf)
        otherName.localName = Array("hidden.pdf".utf8)
        let damaged = try Self.zip([wrongCRC, otherName])
        defer { Self.cleanup(damaged) }
        for member in ["crc.pdf", "shown.pdf"] { #expect(Self.refusal(damaged, member)?.code == .unreadable) }

        // The submissions cut in half: no end record.
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.archive("submissions.zip")))
        let halfPath = try Self.zip([])
        defer { Self.cleanup(halfPath) }
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: halfPath))
        #expect(ArchiveListing.list(halfPath).problem?.code == .unreadable)
    }

    @Test func aDeflatedMemberCutShortIsDamagedAndDoesNotHang() throws {
        // 102/paper.PDF is deflated: its directory entry now says it is 1,000 bytes long.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.archive("submissions.zip"))))
        let name = Array("102/paper.PDF".utf8)
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let found = (0..<(bytes.count - 46 - name.count)).first { (start: Int) -> Bool in
            let head = Array(bytes[start..<(start + 4)])
            let stored = Array(bytes[(start + 46)..<(start + 46 + name.count)])
            return head == signature && stored == name
        }
        let record = try #require(found)
        bytes.replaceSubrange((record + 20)..<(record + 24), with: ZipBuilder.le32(1000))
        let path = try Self.zip([])
        defer { Self.cleanup(path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let started = Date()
        #expect(Self.refusal(path, "102/paper.PDF")?.code == .unreadable)
        #expect(Date().timeIntervalSince(started) < 5)
        // The stored member beside it still reads.
        #expect(try ArchiveMember.read(MemberPath(archive: path, member: "101/paper.pdf")).count == 78_796)
    }

    /// Mutants of the fixture archives (bytes of the directory, the end records and the local
    /// headers changed, or the file cut): each is listed and every member read or refused, in
    /// bounded time, without a trap.
    @Test func mutatedArchivesAreListedAndReadWithoutATrap() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var state: UInt64 = 15
        func next() -> UInt64 {
            // SplitMix64: the same mutants on every run.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let originals = try ["submissions.zip", "traversal.zip", "nested.zip"].map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.archive($0))))
        }
        let started = Date()
        var outcomes: [String: Int] = [:]
        for index in 0..<400 {
            var bytes = originals[index % originals.count]
            // Most changes go to the last 300 bytes (directory and end record) or the first 64 (a local header).
            for _ in 0..<(1 + Int(next() % 4)) {
                let position: Int
                switch next() % 3 {
                case 0: position = bytes.count - 1 - Int(next() % 300)
                case 1: position = Int(next() % 64)
                default: position = Int(next() % UInt64(bytes.count))
                }
                bytes[position] = next() % 2 == 0 ? UInt8(truncatingIfNeeded: next()) : 0xFF
            }
            if next() % 10 == 0 { bytes.removeLast(Int(next() % 200)) }
            let path = folder.appendingPathComponent("mutant\(index).zip").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let listing = ArchiveListing.list(path)
            if let problem = listing.problem { outcomes[problem.code.rawValue, default: 0] += 1 }
            for member in listing.members where member.refusal == nil {
                let located = try #require(MemberPath.locate(member.path))
                outcomes[Self.refusal(path, located.member)?.code.rawValue ?? "read", default: 0] += 1
            }
        }
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(outcomes["read", default: 0] > 0 && outcomes["archive-unreadable", default: 0] > 0, "\(outcomes)")
    }

    @Test func aLargeFileThatIsNotAZipIsRefusedAtOnce() throws {
        let path = try Self.zip([])
        defer { Self.cleanup(path) }
        try Data(repeating: 0x41, count: 16 << 20).write(to: URL(fileURLWithPath: path))
        let started = Date()
        let listing = ArchiveListing.list(path)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(listing.problem?.code == .unreadable)
    }

    @Test func aPathThatExistsIsAFileWhateverItsName() throws {
        let folder = try BatchTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("s.zip").path
        try FileManager.default.copyItem(atPath: Self.archive("submissions.zip"), toPath: archive)
        #expect(MemberPath.locate(archive + "!/101/paper.pdf") == MemberPath(archive: archive, member: "101/paper.pdf"))
        #expect(MemberPath.locate(archive + "!/101/paper.pdf")?.path == archive + "!/101/paper.pdf")
        // A folder named `t.zip!` holding a PDF: the path is a file.
        let odd = folder.appendingPathComponent("t.zip!")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLITests.fixture("icml_submission.pdf"), toPath: odd.appendingPathComponent("a.pdf").path)
        #expect(MemberPath.locate(odd.appendingPathComponent("a.pdf").path) == nil)
        // Only a prefix that ends in .zip and is a regular file makes a member.
        #expect(MemberPath.locate(folder.appendingPathComponent("missing.zip!/a.pdf").path) == nil)
        #expect(MemberPath.locate(odd.path + "/a.pdf!/x.pdf") == nil)
        let report = PaperCheck.check(path: odd.appendingPathComponent("a.pdf").path, profile: try #require(RuleSet.builtIn().profile("vdl2016")))
        #expect(report.status == .pass)
    }

    @Test func membersAreCheckedThroughTheLibraryAsFilesAre() throws {
        let rules = try RuleSet.builtIn()
        let member = Self.archive("submissions.zip") + "!/101/paper.pdf"
        let fromArchive = PaperCheck.check(URL(fileURLWithPath: member), ruleSet: rules)
        let fromFile = PaperCheck.check(URL(fileURLWithPath: CLITests.fixture("icml_submission.pdf")), ruleSet: rules)
        #expect(fromArchive.path == member)
        #expect(fromArchive.findings.map(\.message) == fromFile.findings.map(\.message))
        #expect(PaperCheck.sha256(path: member) == PaperCheck.sha256(path: CLITests.fixture("icml_submission.pdf")))
        let (facts, _) = try PaperCheck.inspect(path: member)
        #expect(facts.path == member && facts.pages.count == 4 && facts.objects.fileScan?.bytesScanned == 78_796)
        let missing = PaperCheck.check(URL(fileURLWithPath: Self.archive("submissions.zip") + "!/103/paper.pdf"), ruleSet: rules)
        #expect(missing.errorCode == "unreadable" && missing.error?.contains("no member of this name") == true)
    }

    @Test func pageImageNamesOfMembersAreSafeAndDistinct() {
        let paths = ["s.zip!/101/paper.pdf", "s.zip!/102/paper.PDF", "t.zip!/../../evil.pdf", "other.pdf"]
        let stems = PaperCheck.pageImageStems(for: paths)
        #expect(Set(stems).count == stems.count)
        #expect(stems[0].hasPrefix("paper-") && stems[1].hasPrefix("paper-") && stems[2] == "evil" && stems[3] == "other")
        #expect(stems.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) } })
    }
}
