internal import CPoppler
import Foundation
import PaperArchives

/// SHA-256 of an input's bytes through glib's checksum (no extra dependency): a file read in
/// chunks, or an archive member's bytes as `InputBytes` reads them (kept for its check).
public enum FileDigest {
    /// The hex digest, or nil when the input cannot be read or is not a regular file (a pipe or a
    /// device would be read for ever).
    public static func sha256(path: String) -> String? {
        if MemberPath.locate(path) != nil {
            guard let input = try? InputBytes.open(path), let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { return nil }
            defer { g_checksum_free(checksum) }
            input.withBuffer { g_checksum_update(checksum, $0.bindMemory(to: guchar.self).baseAddress, gssize($0.count)) }
            return borrowCString(g_checksum_get_string(checksum))
        }
        // A file is read rather than mapped: the coordinator hashes inputs for --resume, and a
        // mapped file cut short by someone else would kill it (SIGBUS).
        guard FileKind.unlessRegular(path) == nil,
              let handle = FileHandle(forReadingAtPath: path), let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { return nil }
        defer {
            g_checksum_free(checksum)
            try? handle.close()
        }
        while true {
            // read(upToCount:) answers nil or empty data at the end of the file.
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }
            chunk.withUnsafeBytes { bytes in
                g_checksum_update(checksum, bytes.bindMemory(to: guchar.self).baseAddress, gssize(bytes.count))
            }
        }
        return borrowCString(g_checksum_get_string(checksum))
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
