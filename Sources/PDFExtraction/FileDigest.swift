internal import CPoppler
import Foundation

/// SHA-256 of a file's bytes, read in chunks through glib's checksum (no extra dependency).
public enum FileDigest {
    /// The hex digest, or nil when the file cannot be read.
    public static func sha256(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path), let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { return nil }
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
