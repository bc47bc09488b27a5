import ArgumentParser
import Foundation
import PaperArchives
import PaperCheck

/// Turns the command line's paths into the list of files to check, one result each, and warnings
/// for what cannot become one:
/// - files as given, whatever their name (a missing file gets its own error);
/// - directories, searched recursively for `*.pdf` in any case, dot-files and dot-directories
///   included (but not `.git`), following symbolic links, each real directory once, so loops end,
///   names sorted in each directory. A symbolic link named `*.pdf` that leads nowhere is an input
///   too: its result says it cannot be read. A folder that cannot be read, and a PDF or folder
///   whose name is not valid UTF-8 (bytes shown as `\xNN`), is a warning;
/// - `-` for a list of paths on standard input, one per line: a trailing CR is removed, spaces
///   belong to the path, empty lines are skipped, and a line that is not UTF-8 is a warning;
/// - zip archives (a regular file named `*.zip`, any case, given, listed or found in a folder), which stand
///   for their PDF members (`ArchiveListing`, from the central directory only), sorted by name, as
///   `archive.zip!/101/paper.pdf`. A member or an archive that is not read is still an input, with
///   its refusal as its result; archives inside an archive, and an archive without PDFs, are warnings.
enum InputFiles {
    /// What the paths stand for.
    struct Collected: Equatable {
        /// The files to check, in order.
        var files: [String] = []
        /// One line each, for `Terminal.warning`: what the walk or the list could not take.
        var warnings: [String] = []
        /// Whether every path was `-`: then an empty list is a repository without PDFs
        /// (`git ls-files '*.pdf' | papercheck -`), not a mistake.
        var onlyStandardInput = false
        /// The zip archives that were opened, as given or found.
        var archives: [String] = []
        /// Archive members by input path: the size their directory declares, for ordering a batch.
        var memberSizes: [String: Int] = [:]
        /// Inputs that are not read, by path (a member or a whole archive), and why: each is an
        /// error result of its own, made without a worker.
        var refusals: [String: ArchiveProblem] = [:]
    }

    static func collect(_ paths: [String],
                        standardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) -> Collected {
        var walker = Walker()
        for path in paths {
            if path == "-" {
                walker.readList(standardInput())
            } else if isDirectory(path) {
                walker.walk(path)
            } else if isArchive(path) {
                walker.open(archive: path)
            } else {
                walker.collected.files.append(path)
            }
        }
        walker.collected.onlyStandardInput = !paths.isEmpty && paths.allSatisfy { $0 == "-" }
        return walker.collected
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private static func isPDFName(_ name: String) -> Bool { name.lowercased().hasSuffix(".pdf") }

    /// A regular file (links followed) named `*.zip`, in any case: it stands for its members.
    private static func isArchive(_ path: String) -> Bool {
        var info = stat()
        return MemberPath.isArchiveName(path) && stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private struct DirectoryID: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private struct Walker {
        var collected = Collected()
        var visited = Set<DirectoryID>()

        mutating func readList(_ data: Data) {
            for (offset, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                let bytes = Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
                if bytes.isEmpty { continue }
                if let path = InputFiles.utf8(bytes) {
                    if InputFiles.isArchive(path) { open(archive: path) } else { collected.files.append(path) }
                } else {
                    warn("skipping line \(offset + 1) of standard input: \(InputFiles.shown(bytes)) is not valid UTF-8")
                }
            }
        }

        mutating func walk(_ directory: String) {
            var info = stat()
            guard stat(directory, &info) == 0 else { return }
            guard visited.insert(DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
            guard let stream = opendir(directory) else {
                warn("cannot read the folder \(TerminalText.escaped(directory)): \(String(cString: strerror(errno)))")
                return
            }
            var names: [String] = []
            var undecodable: [[UInt8]] = []
            while true {
                errno = 0
                guard let entry = readdir(stream) else {
                    if errno != 0 {
                        warn("cannot read all of the folder \(TerminalText.escaped(directory)): \(String(cString: strerror(errno)))")
                    }
                    break
                }
                let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                if bytes == Array(".".utf8) || bytes == Array("..".utf8) { continue }
                if let name = InputFiles.utf8(bytes) { names.append(name) } else { undecodable.append(bytes) }
            }
            closedir(stream)
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            for name in names.sorted() { visit(prefix + name, name: name) }
            for bytes in undecodable.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                notDecodable(Array(prefix.utf8) + bytes, name: bytes)
            }
        }

        private mutating func visit(_ child: String, name: String) {
            var info = stat()
            if stat(child, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFDIR {
                    if name != ".git" { walk(child) }
                } else if info.st_mode & S_IFMT == S_IFREG, MemberPath.isArchiveName(name) {
                    open(archive: child)
                } else if InputFiles.isPDFName(name) {
                    collected.files.append(child)
                }
                return
            }
            let reason = errno
            // A link that leads nowhere (or in a loop), or an entry that cannot be looked at: a
            // PDF name is an input, whose result says what is wrong with it.
            if InputFiles.isPDFName(name) {
                collected.files.append(child)
            } else if lstat(child, &info) != 0 || info.st_mode & S_IFMT != S_IFLNK {
                warn("cannot look at \(TerminalText.escaped(child)): \(String(cString: strerror(reason)))")
            }
        }

        /// The PDF members of a zip archive, each an input; or the archive, refused, as one.
        mutating func open(archive path: String) {
            let listing = ArchiveListing.list(path)
            collected.archives.append(path)
            if let problem = listing.problem {
                collected.files.append(path)
                collected.refusals[path] = problem
                return
            }
            for nested in listing.nestedArchives {
                warn("skipping \(TerminalText.escaped(MemberPath(archive: path, member: nested).path)): papercheck does not open archives inside archives; unpack the outer one and check the folder")
            }
            if listing.members.isEmpty {
                warn("\(TerminalText.escaped(path)) holds no PDF files")
            }
            for member in listing.members {
                collected.files.append(member.path)
                collected.memberSizes[member.path] = Int(clamping: member.size)
                if let refusal = member.refusal { collected.refusals[member.path] = refusal }
            }
        }

        /// A name that is not UTF-8 cannot be passed on as a path: said for PDFs, archives and folders.
        private mutating func notDecodable(_ path: [UInt8], name: [UInt8]) {
            var info = stat()
            let isFolder = stat(path.map { CChar(bitPattern: $0) } + [0], &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            let isPDF = name.count >= 4 && [".pdf", ".zip"].contains(String(decoding: name.suffix(4), as: UTF8.self).lowercased())
            guard isFolder || isPDF else { return }
            warn("skipping \(isFolder ? "the folder " : "")\(InputFiles.shown(path)): its name is not valid UTF-8; rename it to check it")
        }

        private mutating func warn(_ message: String) { collected.warnings.append(message) }
    }

    /// `bytes` as a string, if they are valid UTF-8.
    static func utf8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    /// Bytes for a message: valid UTF-8 as text (controls escaped), every other byte as `\xNN`.
    static func shown(_ bytes: [UInt8]) -> String {
        var out = ""
        var valid: [UInt8] = []
        var index = 0
        func flush() {
            out += TerminalText.escaped(String(decoding: valid, as: UTF8.self))
            valid.removeAll()
        }
        while index < bytes.count {
            // The scalar (1 to 4 bytes) that starts here, if the bytes make one.
            let length = (1...4).first { length in
                guard index + length <= bytes.count,
                      let scalar = utf8(Array(bytes[index..<index + length])) else { return false }
                return scalar.unicodeScalars.count == 1
            }
            if let length {
                valid += bytes[index..<index + length]
                index += length
            } else {
                flush()
                out += "\\x" + String(format: "%02X", bytes[index])
                index += 1
            }
        }
        flush()
        return out
    }
}

/// `--shard K/N`: this machine's share of the inputs. A file goes to shard
/// 1 + (FNV-1a hash of its path) mod N, so the split does not depend on the order or number of
/// the other inputs, and every machine computes the same split from the same list.
struct Shard: ExpressibleByArgument, Equatable {
    let index: Int
    let count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              count >= 1, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    func contains(_ path: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}

