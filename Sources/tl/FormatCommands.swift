import ArgumentParser
import Foundation
import TimelineStore
import TimelineModel

// The commands of other formats: `tl periods` (TimelineJS's eras), `tl export` (TimelineJS
// JSON, the spreadsheet's CSV, Markdown) and `tl convert` (a TimelineJS file or spreadsheet
// into a tl timeline folder).

// MARK: periods

struct Periods: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the named periods (TimelineJS's eras) with their dates and events.")
    @OptionGroup var common: CommonOptions

    func run() throws {
        let t = try common.timeline()
        if common.json { printJSON(.array(t.eras.map { t.json(era: $0) })); return }
        guard !t.eras.isEmpty else { print("No periods: the timeline names no eras."); return }
        Plain.print(Plain.table(t.eras.map { era in
            [era.start.date.compact, era.end.date.compact, String(t.events(during: era).count), era.name]
        }, header: ["FROM", "TO", "EVENTS", "PERIOD"]))
    }
}

// MARK: export

/// What `tl export` writes.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    case timelinejs, markdown, csv
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the timeline as TimelineJS JSON, Markdown or the TimelineJS spreadsheet's CSV.",
        discussion: """
            timelinejs: TimelineJS3's JSON format, dates split into parts at their precision, the \
            summary, people, measures and verbatim quotes in each slide's text (HTML-escaped), \
            background events as a group. markdown: a heading per date, each event with its \
            summary, your stars and notes, and every quote as a footnote citing outlet, author \
            and date. csv: the TimelineJS spreadsheet template's columns, in its order, to paste \
            into its Google Sheet. The file is written whole or not at all, and never over the \
            timeline being exported. (--format names what to write, so --input-format says what \
            the --data file is, when its content should not decide.)
            """)
    @Option(name: .long, help: ArgumentHelp("Timeline file, or a folder holding timeline.json (default: the bundled timeline); a TimelineJS file or spreadsheet (CSV) too.", valueName: "path"))
    var data: String?
    @Option(name: .customLong("input-format"), help: ArgumentHelp("Read the --data file as this format: tl, timelinejs or csv (default: told from its content).", valueName: "format"))
    var inputFormat: TimelineFormat?
    @Option(help: ArgumentHelp("What to write: timelinejs, markdown or csv.", valueName: "format"))
    var format: ExportFormat
    @Option(help: ArgumentHelp("The file to write (default: standard output).", valueName: "file"))
    var output: String?

    func run() throws {
        let t = try loadTimeline(data, format: inputFormat)
        let text: String
        switch format {
        case .timelinejs: text = t.timelineJSExport().rendered() + "\n"
        case .csv: text = try t.spreadsheetExport()
        case .markdown:
            let marks = StateStore(t.title, dataPath: data).load().marks
            text = t.markdownExport(starred: marks.starred, notes: marks.notes)
        }
        guard let output else { print(text, terminator: ""); return }
        let target = URL(fileURLWithPath: output)
        try refuseToOverwrite(t, with: target, data: data)
        do {
            try AtomicFile.write(Data(text.utf8), to: target)
        } catch {
            writeError("tl export: cannot write \(Plain.clean(output)): \(Plain.clean(error.localizedDescription))")
            throw Status.dataError
        }
        writeError("tl export: wrote \(Plain.clean(output)) (\(format.rawValue), \(Wording.counted(t.events.count, "event")))")
    }
}

/// Refuses a write onto the timeline's own files (its main file or a source text): tl never
/// writes to its input. A usage error (exit 2).
func refuseToOverwrite(_ t: Timeline, with target: URL, data: String?) throws {
    guard let data else { return }
    let files = TimelineFiles.disk(data)
    let inputs = [files.mainFile] + t.sources.map(\.file)
    let targetPath = resolved(target)
    for input in inputs where resolved(URL(fileURLWithPath: files.displayPath(input))) == targetPath {
        writeError("tl: \(Plain.clean(target.path)) is \(input == files.mainFile ? "the timeline being read" : "one of the timeline's sources"); tl never writes over its input, so name another file")
        throw Status.usage
    }
}

/// The path with its folder's symbolic links resolved (the file itself may not exist yet).
private func resolved(_ url: URL) -> String {
    let folder = url.deletingLastPathComponent().resolvingSymlinksInPath().standardizedFileURL
    let file = folder.appendingPathComponent(url.lastPathComponent)
    return file.resolvingSymlinksInPath().standardizedFileURL.path
}

// MARK: convert

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a TimelineJS file or spreadsheet (CSV) into a tl timeline folder.",
        discussion: """
            Writes timeline.json and an empty sources/ folder into the output folder. Ids, dates \
            with their precision, display dates, groups, media and eras are kept. The converted \
            events have no quotes yet: tl check lists each as unsourced (a warning) until it \
            rests on a passage of a source saved in sources/.
            """)
    @Argument(help: ArgumentHelp("The TimelineJS JSON file or spreadsheet (CSV) to convert.", valueName: "input"))
    var input: String
    @Option(help: ArgumentHelp("The folder to write the tl timeline into (made if missing; it must not hold a timeline.json).", valueName: "folder"))
    var output: String
    @OptionGroup var format: FormatOption

    func run() throws {
        let files = TimelineFiles.disk(input)
        let t: Timeline
        switch loadForTheProcess(files, format: format.format) {
        case .success(let timeline): t = timeline
        case .failure(let error):
            reportLoadError(error, dataPath: input)
            throw Status.dataError
        }
        let name = URL(fileURLWithPath: input).lastPathComponent
        guard t.format != .tl, let document = t.tlFormatExport(convertedFrom: "\(t.format == .csv ? "TimelineJS spreadsheet" : "TimelineJS file") \(name)") else {
            writeError("tl convert: \(Plain.clean(input)) is already a tl timeline; tl convert reads TimelineJS files and spreadsheets")
            throw Status.usage
        }
        let folder = URL(fileURLWithPath: output)
        let timelineFile = folder.appendingPathComponent("timeline.json")
        if FileManager.default.fileExists(atPath: timelineFile.path) {
            writeError("tl convert: \(Plain.clean(timelineFile.path)) already exists; convert into a new folder (tl never writes over a timeline)")
            throw Status.usage
        }
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
            try AtomicFile.write(Data((document.rendered() + "\n").utf8), to: timelineFile)
        } catch {
            writeError("tl convert: cannot write into \(Plain.clean(output)): \(Plain.clean(error.localizedDescription))")
            throw Status.dataError
        }
        // What was written must read back as the same timeline.
        guard case .success(let written) = TimelineLoader.load(.disk(output)), written.events.count == t.events.count else {
            writeError("tl convert: the converted timeline in \(Plain.clean(output)) does not read back; `tl check --data \(Plain.clean(output))` says why")
            throw Status.dataError
        }
        let groups = written.groups.count
        Plain.print(Plain.paragraph("Converted \(name) (\(t.format.name)) into \(output): "
            + "\(Wording.counted(written.events.count, "event")), \(Wording.counted(written.eras.count, "era")), \(Wording.counted(groups, "group")).", indent: 0))
        Plain.print(Plain.paragraph("Wrote \(timelineFile.path) and an empty \(folder.appendingPathComponent("sources").path)/.", indent: 0))
        Plain.print([""] + Plain.paragraph("The converted events have no quotes yet. Until each rests on a passage of a source saved in "
            + "sources/, `tl check --data \(output)` lists it as unsourced: a warning, not an error.", indent: 0))
    }
}
