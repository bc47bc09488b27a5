import ArgumentParser
import Foundation
import PaperCheck

/// `--html-images`: how an HTML report carries its page images.
enum HTMLImagesMode: String, ExpressibleByArgument, CaseIterable {
    /// `data:` URIs: one self-contained file.
    case embed
    /// PNG files in `REPORT_files/` beside `REPORT.html`, linked and lazy-loaded.
    case folder
    /// A folder for big batches, embedded for small ones (`HTMLReportOutput.autoFileLimit`).
    case auto
}

/// The page images the workers wrote for an HTML report, by input path and page: their files in
/// the run's private temporary folder.
struct HTMLPageImages {
    let files: [String: [Int: String]]

    /// The images' bytes, for a self-contained report.
    func embedded(only paths: Set<String>? = nil) -> [String: [Int: Data]] {
        var out: [String: [Int: Data]] = [:]
        for (path, pages) in files where paths?.contains(path) ?? true {
            for (page, file) in pages {
                if let data = FileManager.default.contents(atPath: file) { out[path, default: [:]][page] = data }
            }
        }
        return out
    }

    /// Their total size in bytes.
    var totalBytes: Int {
        files.values.flatMap(\.values).reduce(0) { total, file in
            var info = stat()
            return total + (stat(file, &info) == 0 ? Int(info.st_size) : 0)
        }
    }
}

/// Writes an HTML `--output`: self-contained for small batches, with its images in a folder beside
/// it (`report.html` → `report_files/`) for big ones, so that a report of thousands of papers stays
/// small and opens fast.
enum HTMLReportOutput {
    /// Above this many files, `auto` puts the images in a folder.
    static let autoFileLimit = 25
    /// Above this many bytes of images, `auto` puts them in a folder (a browser opens a file of
    /// this size without waiting; data URIs add a third).
    static let autoEmbeddedBytes = 8_000_000

    /// The folder beside a report for its images: `report.html` → `report_files`.
    static func imageFolder(for report: String) -> String {
        let url = URL(fileURLWithPath: report)
        return url.deletingLastPathComponent().appendingPathComponent(url.deletingPathExtension().lastPathComponent + "_files").path
    }

    /// Checks before any work that an image folder `folder` mode needs can be made.
    /// `format` is `--format`, the format of standard output when no `--output` is given.
    static func check(_ mode: HTMLImagesMode, targets: [OutputTarget], files: Int, format: ReportFormat?) throws {
        guard mode != .embed else { return }
        if mode == .folder, targets.isEmpty, format == .html {
            throw UsageError("--html-images folder needs a report file: give --output REPORT.html, not standard output")
        }
        for target in targets where target.format == .html {
            guard let destination = target.destination, !destination.inPlace else {
                if mode == .folder { throw UsageError("\(target.path): --html-images folder needs a report file, not standard output or a device") }
                continue
            }
            let folder = imageFolder(for: destination.resolved)
            var info = stat()
            if stat(folder, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
                throw UsageError("\(folder): is not a folder, and the HTML report's images go there; move it or choose another report name")
            }
        }
    }

    static func renderer(_ profile: Profile, images: [String: [Int: Data]] = [:], imageFiles: [String: [Int: HTMLImageFile]] = [:],
                         linkBase: String?, title: String? = nil) -> HTMLReportRenderer {
        HTMLReportRenderer(profile: profile, images: images, imageFiles: imageFiles,
                           maxImagesPerFile: PageImages.maxThumbnailsPerFile, title: title, linkBase: linkBase)
    }

    static func write(_ report: Report, target: OutputTarget, destination: Destination, images: HTMLPageImages,
                      mode: HTMLImagesMode, profile: Profile) throws {
        let base = URL(fileURLWithPath: destination.resolved).deletingLastPathComponent().path
        let useFolder = !destination.inPlace
            && (mode == .folder || (mode == .auto && (report.files.count > autoFileLimit || images.totalBytes > autoEmbeddedBytes)))
        guard useFolder else {
            try destination.write(renderer(profile, images: images.embedded(), linkBase: base).render(report))
            return
        }
        let folder = imageFolder(for: destination.resolved)
        let folderName = URL(fileURLWithPath: folder).lastPathComponent
        // A folder of an earlier run is replaced: its images may belong to other files.
        try? FileManager.default.removeItem(atPath: folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw UsageError("\(folder): cannot create the folder for the report's images (\(error.localizedDescription))")
        }
        var linked: [String: [Int: HTMLImageFile]] = [:]
        for (path, pages) in images.files {
            for (page, file) in pages {
                let name = URL(fileURLWithPath: file).lastPathComponent
                let target = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                do {
                    try FileManager.default.copyItem(atPath: file, toPath: target)
                } catch {
                    throw UsageError("\(target): cannot write the report's image (\(error.localizedDescription)); check the folder has space")
                }
                // The IHDR chunk is in the first 24 bytes.
                let head = FileHandle(forReadingAtPath: target).flatMap { try? $0.read(upToCount: 24) } ?? Data()
                let size = HTMLReportRenderer.pngSize(head)
                linked[path, default: [:]][page] = HTMLImageFile(path: folderName + "/" + name, width: size?.width, height: size?.height)
            }
        }
        // The images first, then the report that links them.
        try destination.write(renderer(profile, imageFiles: linked, linkBase: base).render(report))
    }
}
