import Foundation
import PaperCheck
@testable import PDFExtraction
import Testing

/// What extraction reads of the objects that can name the authors or run code (fixtures from
/// Fixtures/src/make_file_objects.py), and the bounds of the byte scan.
@Suite("document objects")
struct DocumentObjectsTests {
    static func objects(_ fixture: String) throws -> DocumentObjects {
        try DocumentExtractor.extract(path: CLITests.fixture(fixture)).objects
    }

    @Test("a clean submission has nothing to report")
    func cleanSubmission() throws {
        let objects = try Self.objects("icml_submission.pdf")
        #expect(objects.xmp.isEmpty && objects.attachments.isEmpty && objects.links.isEmpty && objects.annotations.isEmpty)
        #expect(!objects.hasJavaScript && objects.formFieldCount == 0)
        let scan = try #require(objects.fileScan)
        #expect(scan.nameCounts.isEmpty && scan.openActions.isEmpty && !scan.isCut)
        #expect(scan.objectStreamsInflated == 1, "pdfTeX writes its objects into one object stream")
    }

    @Test("XMP authors and tools are read, one entry per name")
    func xmp() throws {
        let objects = try Self.objects("file_xmp_creator.pdf")
        #expect(objects.xmp.contains(XMPEntry(property: "dc:creator", value: "Jane Smith")))
        #expect(objects.xmp.contains(XMPEntry(property: "xmp:CreatorTool", value: "LaTeX with papercheck-icml.sty")))
        let two = try Self.objects("file_xmp_camera_ready.pdf").xmp.filter { $0.property == "dc:creator" }.map(\.value)
        #expect(two == ["Jane Smith", "Ravi Kumar"])
    }

    @Test("attachments with their names, sizes and whether they look like programs")
    func attachments() throws {
        let attachments = try Self.objects("file_attachments.pdf").attachments
        let program = try #require(attachments.first { $0.name == "setup.exe" })
        #expect(program.executableEvidence?.hasPrefix("MZ header") == true)
        #expect(program.description == "installer")
        let data = try #require(attachments.first { $0.name == "smith_results.csv" })
        #expect(data.executableEvidence == nil && data.size == 22)
    }

    @Test("a mailto link with its box (top-left origin) and a note with its author")
    func linksAndAnnotations() throws {
        let objects = try Self.objects("file_mailto_note.pdf")
        let link = try #require(objects.links.first)
        #expect(link.action == ActionFacts(kind: .uri, target: "mailto:jane.smith@example.edu"))
        #expect(link.page == 1 && link.box == Box(x0: 100, y0: 180, x1: 220, y1: 192))
        let note = try #require(objects.annotations.first)
        #expect(note.type == "text" && note.author == "Jane Smith" && note.contents == "fix this before submitting")
        #expect(note.box == Box(x0: 560, y0: 72, x1: 580, y1: 92))
        let strings = try DocumentExtractor.extract(path: CLITests.fixture("file_mailto_note.pdf")).identityStrings
        #expect(strings.contains(IdentityString(location: "annotation author on page 1", value: "Jane Smith", page: 1)))
        #expect(strings.contains { $0.location == "mailto link on page 1" && $0.value == "mailto:jane.smith@example.edu" })
    }

    @Test("JavaScript on opening (through a reference) and a Launch link")
    func javaScriptAndLaunch() throws {
        let objects = try Self.objects("active_javascript_launch.pdf")
        let scan = try #require(objects.fileScan)
        #expect(scan.openActions == [ActionFacts(kind: .javaScript, target: "app.alert('hello');")])
        #expect(objects.links.map(\.action) == [ActionFacts(kind: .launch, target: "calc.exe")])
        #expect(objects.links.first?.page == 2)
    }

    @Test("an open action with a URI (inline) and a SubmitForm only the byte scan names")
    func submitForm() throws {
        let objects = try Self.objects("active_submit_form.pdf")
        let scan = try #require(objects.fileScan)
        #expect(scan.openActions == [ActionFacts(kind: .uri, target: "https://tracker.example.com/opened")])
        #expect(scan.count("SubmitForm") == 1)
    }

    @Test("a zip-bomb object stream is cut at its budget, not expanded")
    func bomb() throws {
        let started = Date()
        let scan = try #require(try Self.objects("objstm_bomb.pdf").fileScan)
        #expect(scan.isCut && scan.objectStreamsSkipped == 1 && scan.objectStreamsInflated == 0)
        #expect(scan.bytesInflated <= 16 << 20, "48 MB of padding is cut at the 16 MB stream budget")
        #expect(scan.count("JavaScript") == 0, "the object behind the padding is never reached")
        #expect(Date().timeIntervalSince(started) < 30)
        // With a smaller budget the cut comes sooner.
        let small = RawObjectScanner(inflateBudget: 1 << 20, streamBudget: 1 << 20).scan(path: CLITests.fixture("objstm_bomb.pdf"))
        #expect(small?.bytesInflated == 1 << 20 && small?.isCut == true)
    }

    @Test("names are decoded (#xx) and strings and content streams are not scanned")
    func lexicalScan() {
        let pdf = """
            %PDF-1.4
            1 0 obj << /Type /Catalog /Title (a paper about /JavaScript and /Launch) /OpenAction [3 0 R /Fit] >> endobj
            2 0 obj << /S /J#61vaScript /JS <6170702e616c657274> >> endobj
            3 0 obj << /Length 18 >>
            stream
            (/SubmitForm) Tj
            endstream
            endobj
            """
        let scan = Array(pdf.utf8).withUnsafeBufferPointer { RawObjectScanner().scan($0) }
        #expect(scan.count("JavaScript") == 1 && scan.count("JS") == 1)
        #expect(scan.count("Launch") == 0 && scan.count("SubmitForm") == 0)
        #expect(scan.count("OpenAction") == 1 && scan.openActions.isEmpty, "an open action that shows a page runs nothing")
    }

    @Test("an open action chained through /Next is followed")
    func nextChain() {
        let pdf = """
            %PDF-1.4
            1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj
            2 0 obj << /S /GoTo /D [4 0 R /Fit] /Next 3 0 R >> endobj
            3 0 obj << /S /Launch /F (cmd.exe) >> endobj
            """
        let scan = Array(pdf.utf8).withUnsafeBufferPointer { RawObjectScanner().scan($0) }
        #expect(scan.openActions == [ActionFacts(kind: .launch, target: "cmd.exe")])
    }

    @Test("facts written before objects were extracted still decode")
    func oldJSON() throws {
        let json = #"{"path": "a.pdf", "metadata": {"isEncrypted": false, "fileSize": 1}, "pages": [], "fonts": []}"#
        let facts = try JSONDecoder().decode(DocumentFacts.self, from: Data(json.utf8))
        #expect(facts.objects == DocumentObjects())
    }

    @Test("an unclosed XMP element ends the search; entities are decoded")
    func xmpPacket() {
        let packet = """
            <x:xmpmeta><rdf:RDF><rdf:Description pdf:Producer="Tool &amp; Co">
            <dc:creator><rdf:Seq><rdf:li>Ada &#x4C;ovelace</rdf:li><rdf:li>Anonymous</rdf:li></rdf:Seq></dc:creator>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">paper.tex</rdf:li></rdf:Alt></dc:title>
            <dc:contributor>never closed
            """
        let entries = XMPPacket.entries(of: packet)
        #expect(entries.contains(XMPEntry(property: "dc:creator", value: "Ada Lovelace")))
        #expect(entries.contains(XMPEntry(property: "dc:creator", value: "Anonymous")))
        #expect(entries.contains(XMPEntry(property: "dc:title", value: "paper.tex")))
        #expect(entries.contains(XMPEntry(property: "pdf:Producer", value: "Tool & Co")))
        #expect(!entries.contains { $0.property == "dc:contributor" })
    }
}
