import ArgumentParser
import Foundation

/// Turns the command line's paths into the list of files to check, one result each:
/// files as given (a missing file gets its own error), directories searched recursively for
/// `*.pdf` in any case (following symbolic links, each real directory once, so loops end), and
/// `-` for a list of paths on standard input, one per line.
enum InputFiles {
    static func collect(_ paths: [String], standardInput: () -> String? = { readLine(strippingNewline: true) }) -> [String] {
        var files: [String] = []
        var visitedDirectories = Set<String>()
        for path in paths {
            if path == "-" {
                while let line = standardInput() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty { files.append(trimmed) }
                }
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                walk(path, into: &files, visited: &visitedDirectories)
            } else {
                files.append(path)
            }
        }
        return files
    }

    private static func walk(_ directory: String, into files: inout [String], visited: inout Set<String>) {
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in entries.sorted() where !name.hasPrefix(".") {
            let child = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                walk(child, into: &files, visited: &visited)
            } else if name.lowercased().hasSuffix(".pdf") {
                files.append(child)
            }
        }
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

