internal import Crypto
import Foundation
import PaperArchives

/// SHA-256 of an input's bytes through swift-crypto (BoringSSL's assembly: about a sixth of the
/// instructions of glib's portable checksum, which cost a tenth of a paper's check): a file read
/// in chunks, or an archive member's bytes as `InputBytes` reads them (kept for its check).
public enum FileDigest {
    /// The hex digest, or nil when the input cannot be read or is not a regular file (a pipe or a
    /// device would be read for ever).
    public static func sha256(path: String) -> String? {
        if MemberPath.locate(path) != nil {
            guard let input = try? InputBytes.open(path) else { return nil }
            var hasher = SHA256()
            input.withBuffer { hasher.update(bufferPointer: $0) }
            return hex(hasher.finalize())
        }
        // A file is read rather than mapped: the coordinator hashes inputs for --resume, and a
        // mapped file cut short by someone else would kill it (SIGBUS).
        guard FileKind.unlessRegular(path) == nil,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            // read(upToCount:) answers nil or empty data at the end of the file.
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * SHA256.byteCount)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// What kind of thing a path names, for the paths that must not be opened as files.
public enum FileKind {
    /// "a pipe (FIFO)", "a device", "a socket" or "a folder" when the path (its links followed)
    /// is one of those; nil for a regular file, a member of a zip archive (`MemberPath`: its
    /// archive is a regular file), or a path that does not exist (its opening says why).
    public static func unlessRegular(_ path: String) -> String? {
        if MemberPath.locate(path) != nil { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a pipe (FIFO)"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        default: return "not a regular file"
        }
    }
}
