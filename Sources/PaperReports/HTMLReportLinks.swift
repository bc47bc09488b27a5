import Foundation

/// Links from an HTML report to the files it names: relative to the report's folder, so that the
/// report and the PDFs can be moved together, and percent-encoded, so that a hostile file name can
/// neither leave the attribute nor become a scheme (`javascript:x.pdf`) or a query.
public enum HTMLReportLinks {
    /// The file a report path is read from: the path itself, or for a zip member
    /// (`all.zip!/12/paper.pdf`) the archive, since a browser cannot open a member.
    static func linkedFile(_ path: String) -> String {
        guard let marker = path.range(of: ".zip!/", options: .caseInsensitive) else { return path }
        return String(path[..<path.index(marker.lowerBound, offsetBy: 4)])
    }

    /// The name shown for a path: its last component (of the member, for a zip member).
    static func displayName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// `path` relative to the folder `base` (both absolute, or relative to `workingDirectory`),
    /// worked out on the text: the browser resolves `..` the same way, without looking at links.
    public static func relativePath(to path: String, from base: String?, workingDirectory: String) -> String {
        let target = components(of: path, in: workingDirectory)
        let folder = components(of: base ?? workingDirectory, in: workingDirectory)
        var common = 0
        while common < min(target.count, folder.count), target[common] == folder[common] { common += 1 }
        let steps = Array(repeating: "..", count: folder.count - common) + target[common...]
        return steps.isEmpty ? "." : steps.joined(separator: "/")
    }

    /// The `href` from a report in `base` to the file a report path names, percent-encoded.
    static func href(for path: String, from base: String?, workingDirectory: String) -> String {
        percentEncoded(relativePath(to: linkedFile(path), from: base, workingDirectory: workingDirectory))
    }

    /// Every byte outside `A-Z a-z 0-9 - . _ ~ /` as `%XX`: a colon, `#`, `?`, `%`, spaces, quotes and
    /// non-ASCII letters included, so the result is a relative path whatever the file is called.
    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// The components of `path` made absolute against `workingDirectory`, `.` and `..` resolved.
    private static func components(of path: String, in workingDirectory: String) -> [String] {
        let absolute = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        var parts: [String] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return parts
    }
}
