import Foundation
import Testing
import TimelineModel
@testable import TimelineUI

let bundled = try! TimelineLoader.load(.bundled).get()
let snapshotFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// The sizes every screen is checked at.
let snapshotSizes = [Size(width: 200, height: 60), Size(width: 100, height: 30), Size(width: 80, height: 24),
                     Size(width: 60, height: 20), Size(width: 40, height: 12)]

func state(_ size: Size = Size(width: 100, height: 30), _ keys: [Key] = []) -> AppState {
    var s = AppState(timeline: bundled, size: size)
    for key in keys { s.handle(.key(key)) }
    return s
}

func keys(_ text: String) -> [Key] { text.map { .character($0) } }

/// Compares a rendered screen with `Snapshots/NAME.txt`. `UPDATE_SNAPSHOTS=1 swift test` rewrites
/// the files instead; review the diff before committing it.
func assertSnapshot(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let file = snapshotFolder.appendingPathComponent(name + ".txt")
    let actual = buffer.snapshot
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: snapshotFolder, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("No snapshot \(name).txt: run UPDATE_SNAPSHOTS=1 swift test and review it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let diff = zip(expected.split(separator: "\n", omittingEmptySubsequences: false), actual.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
        let where_ = diff.map { "first difference at line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" } ?? "line counts differ"
        Issue.record("Screen differs from \(name).txt; \(where_)\nUPDATE_SNAPSHOTS=1 swift test rewrites it", sourceLocation: sourceLocation)
    }
}

/// Every row of a frame is exactly the screen's width in cells, and no cell holds unsafe text.
func expectWellFormed(_ buffer: ScreenBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
    for (y, line) in buffer.lines.enumerated() {
        let width = TerminalText.displayWidth(line)
        #expect(width == buffer.size.width, "row \(y) is \(width) cells wide", sourceLocation: sourceLocation)
        #expect(!line.unicodeScalars.contains(where: TerminalText.isUnsafe), "row \(y) holds a control character", sourceLocation: sourceLocation)
    }
}
