import Foundation
import Testing

/// The README's examples are what tl prints: each `$ tl …` line in a code block is run, and the
/// lines shown under it (up to a line of just "…") must be the first lines of its output.
@Suite("README examples")
struct ReadmeExampleTests {
    @Test func everyExampleIsWhatTlPrints() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        var examples = 0
        var i = 0
        while i < lines.count {
            guard lines[i].hasPrefix("$ tl ") else { i += 1; continue }
            let arguments = lines[i].dropFirst("$ tl ".count).split(separator: " ").map(String.init)
            var shown: [String] = []
            i += 1
            while i < lines.count, lines[i] != "…", lines[i] != "```", !lines[i].hasPrefix("$ ") {
                shown.append(lines[i])
                i += 1
            }
            let run = try tl(arguments)
            #expect(run.status == 0, "tl \(arguments.joined(separator: " "))")
            let printed = run.stdout.components(separatedBy: "\n")
            #expect(Array(printed.prefix(shown.count)) == shown, "README's tl \(arguments.joined(separator: " ")) differs from what it prints")
            examples += 1
        }
        #expect(examples >= 2)
    }
}
