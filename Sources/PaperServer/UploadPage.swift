import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PaperCheck

/// The page people upload on: one self-contained document. The form posts to `/check` and works
/// without JavaScript; the script only lets a file be dropped onto the page. The policy allows
/// the page's own style and script by their hashes and nothing else, no request elsewhere.
enum UploadPage {
    static func response(profiles: [Profile], maxUploadBytes: Int, signs: Bool) -> Response {
        Response(status: .ok,
                 headers: [.contentType: "text/html; charset=utf-8",
                           HTTPField.Name("Content-Security-Policy")!: contentSecurityPolicy],
                 body: .init(byteBuffer: ByteBuffer(string: page(profiles: profiles, maxUploadBytes: maxUploadBytes, signs: signs))))
    }

    static let contentSecurityPolicy = "default-src 'none'; style-src '\(hash(style))'; script-src '\(hash(script))'; "
        + "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// `sha256-` and the base64 SHA-256 of `text`'s UTF-8 bytes, as a CSP source.
    static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }

    static func page(profiles: [Profile], maxUploadBytes: Int, signs: Bool) -> String {
        let options = profiles.enumerated().map { index, profile in
            "<option value=\"\(escape(profile.id))\"\(index == 0 ? " selected" : "")>\(escape(profile.title)) (\(escape(profile.id)))</option>"
        }.joined(separator: "\n")
        let code = signs ? " A paper that passes gets a <strong>pass code</strong> to paste into the submission form." : ""
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>papercheck: check a paper</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            <h1>Check a paper before you submit it</h1>
            <p>Upload the PDF and choose the venue's rules: the answer lists what to fix, with the pages marked.\(code)
            The PDF is checked and forgotten: it is not stored, and the log has no file names.</p>
            <form id="upload" method="post" action="/check" enctype="multipart/form-data">
            <label id="drop" for="file">
            <span id="drop-text">Drop the PDF here, or choose it</span>
            <input type="file" id="file" name="file" accept="application/pdf,.pdf" required>
            </label>
            <p><label for="profile">Rules</label>
            <select id="profile" name="profile">
            \(options)
            </select></p>
            <p><button type="submit" id="submit">Check the paper</button>
            <span class="note">at most \(maxUploadBytes >> 20) MB; a check takes a few seconds</span></p>
            </form>
            <p class="note">For programs: <code>curl --data-binary @paper.pdf -H 'Content-Type: application/pdf' \
            'http://HOST/v1/check?profile=\(escape(profiles[0].id))'</code> returns the JSON report
            (<a href="/v1/openapi.json">API description</a>).</p>
            </main>
            <script>\(script)</script>
            </body>
            </html>

            """
    }

    /// A refused upload as a page: what went wrong and a way back.
    static func problemPage(_ problem: UploadProblem) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>papercheck: not checked</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>
        <h1>Not checked</h1>
        <p id="problem" data-code="\(escape(problem.code))">\(escape(problem.message))</p>
        <p><a href="/">Upload another file</a></p>
        </main>
        </body>
        </html>

        """
    }

    static func escape(_ text: String) -> String { HTMLReportRenderer.escape(text) }

    static let style = """
        body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
        main{max-width:44rem;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.6rem}
        #drop{display:block;border:2px dashed #888;border-radius:8px;padding:2rem;text-align:center;background:#fff;cursor:pointer}
        #drop.over{border-color:#0a58ca;background:#eef4ff}
        #drop-text{display:block;margin-bottom:.5rem;font-weight:600}
        button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #0a58ca;background:#0a58ca;color:#fff;cursor:pointer}
        select{font:inherit}
        .note{color:#555;font-size:.9rem}
        code{overflow-wrap:anywhere}
        """

    /// Drop a file anywhere on the box; say which file is chosen; say that the check runs.
    static let script = """
        (function () {
          'use strict';
          var drop = document.getElementById('drop');
          var input = document.getElementById('file');
          var text = document.getElementById('drop-text');
          var show = function () { if (input.files.length) { text.textContent = input.files[0].name; } };
          input.addEventListener('change', show);
          ['dragenter', 'dragover'].forEach(function (name) {
            drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add('over'); });
          });
          ['dragleave', 'drop'].forEach(function (name) {
            drop.addEventListener(name, function () { drop.classList.remove('over'); });
          });
          drop.addEventListener('drop', function (event) {
            event.preventDefault();
            if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; show(); }
          });
          document.getElementById('upload').addEventListener('submit', function () {
            var button = document.getElementById('submit');
            button.disabled = true;
            button.textContent = 'Checking…';
          });
        })();
        """
}

/// The answer to the page's form: the paper's HTML report (findings, fixes, annotated pages),
/// headed by its verdict and, for a pass, the pass code.
enum ResultPage {
    static func render(_ report: Report, profile: Profile, images: [Int: Data], signs: Bool) -> String {
        guard let file = report.files.first else { return "" }
        var renderer = HTMLReportRenderer(profile: profile, images: [file.path: images], maxImagesPerFile: 6,
                                          title: "papercheck: \(file.path)")
        renderer.preface = preface(file, profile: profile, signs: signs)
        renderer.linksFiles = false  // the upload was removed once checked

        return renderer.render(report)
    }

    static func preface(_ file: FileReport, profile: Profile, signs: Bool) -> String {
        let verdict: String
        switch file.status {
        case .pass: verdict = "PASS"
        case .warn: verdict = "PASS with warnings"
        case .fail: verdict = "FAIL"
        default: verdict = "NOT CHECKED"
        }
        let escape = HTMLReportRenderer.escape
        var out = "<section id=\"result\" class=\"result\" data-status=\"\(file.status.rawValue)\">\n"
        out += "<h2 id=\"verdict\">\(verdict)</h2>\n"
        out += "<p><strong>\(escape(file.path))</strong> against <code>\(escape(profile.id))</code> (\(escape(profile.title)))"
        switch file.status {
        case .pass, .warn: out += ": it meets the rules.</p>\n"
        case .fail: out += ": \(file.errorCount) error\(file.errorCount == 1 ? "" : "s") to fix; each is listed below with its pages.</p>\n"
        default: out += ": \(escape(file.error ?? "the PDF could not be checked")).</p>\n"
        }
        if let code = file.passCode {
            out += "<p>Pass code (paste it into the submission form with this very PDF; any change to the file voids it):</p>\n"
            out += "<p><code id=\"pass-code\">\(escape(code))</code></p>\n"
        } else if signs, file.status == .pass || file.status == .warn {
            out += "<p>No pass code could be made for this result.</p>\n"
        }
        out += "<p><a id=\"again\" href=\"/\">Check another paper</a></p>\n</section>\n"
        return out
    }
}
