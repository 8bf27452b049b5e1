import ArgumentParser
import Foundation
import Synchronization
import TimelineModel
import TimelineStore

#if canImport(Glibc)
import Glibc
#endif

/// The store `tl index` writes beside a timeline file unless told otherwise.
let defaultStoreName = "timeline.sqlite"

/// What `--data` names, opened: a store to read as it is asked, or files to load.
enum OpenedData {
    /// A store, and the line saying so for `tl check` and the browser's bar.
    case store(SQLiteStorage, notice: String)
    /// A timeline to load; `notice` says why a store beside it was passed over.
    case files(TimelineFiles, notice: String?)

    /// Opens `data` (default: the bundled timeline): a store file itself, else the store
    /// beside the timeline file when it is up to date, else the timeline's files. A store
    /// that cannot be used is reported and ends tl (exit 1).
    /// Without `checkingSources`, only the timeline file is compared with what the store was
    /// built from; the caller looks at the sources itself.
    static func open(_ data: String?, format: TimelineFormat?, mapping: Bool = true, checkingSources: Bool = true,
                     onFailure: @escaping @Sendable (StoreError) -> Never = reportAndExit) throws -> OpenedData {
        guard let data else { return .files(.bundled, notice: nil) }
        let files = TimelineFiles.disk(data, mapping: mapping)
        if format == nil, isStore(data) {
            do {
                let storage = try SQLiteStorage(path: data, onFailure: onFailure)
                return .store(storage, notice: "Read from the store \(Plain.clean(data))" + (storage.staleness(sources: checkingSources).map { " (out of date: \($0))" } ?? ""))
            } catch {
                writeError("tl: \(TerminalText.sanitize(error.description))")
                throw Status.dataError
            }
        }
        // `tl index`'s default store: used when it was built from this very file and is up to date.
        let timelineFile = URL(fileURLWithPath: files.displayPath(files.mainFile)).standardizedFileURL
        let besideName = timelineFile.deletingLastPathComponent().appendingPathComponent(defaultStoreName).path
        guard format == nil, timelineFile.pathExtension != "sqlite", FileManager.default.fileExists(atPath: besideName) else {
            return .files(files, notice: nil)
        }
        let shownName = Plain.clean(URL(fileURLWithPath: files.displayPath(files.mainFile)).deletingLastPathComponent().appendingPathComponent(defaultStoreName).relativePath)
        let passedOver: String
        do {
            let storage = try SQLiteStorage(path: besideName, onFailure: onFailure)
            guard storage.builtFrom?.path == timelineFile.path else { return .files(files, notice: nil) }
            guard let staleness = storage.staleness(sources: checkingSources) else {
                return .store(storage, notice: "Read from the store \(shownName), up to date with \(Plain.clean(timelineFile.lastPathComponent)) and its sources")
            }
            passedOver = "\(shownName) is out of date (\(staleness)); reading the timeline instead. `tl index` brings it up to date"
        } catch {
            passedOver = "\(shownName) cannot be used (\(TerminalText.sanitize(error.description))); reading the timeline instead"
        }
        writeError("tl: " + passedOver)
        return .files(files, notice: passedOver)
    }

    /// Whether the file at `path` is meant as a store: named `.sqlite`, or an SQLite file.
    static func isStore(_ path: String) -> Bool { path.hasSuffix(".sqlite") || SQLiteStorage.isSQLite(path) }

    /// A store that fails halfway through a command: said, and exit 1.
    @Sendable static func reportAndExit(_ error: StoreError) -> Never {
        writeError("tl: \(TerminalText.sanitize(error.description))")
        exit(Status.dataError.rawValue)
    }
}

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a store of a timeline that tl opens at once and reads a screen at a time.",
        discussion: """
            The timeline is checked as by `tl check` (any problem: exit 1, no store written) \
            as it is written to an SQLite file, by default timeline.sqlite beside the timeline \
            file; neither its events nor its source texts are held in memory. \
            tl then reads that store instead of the timeline whenever --data names the timeline \
            and the store is up to date with it and its sources; --data can also name the store \
            itself. The store is written under a temporary name and renamed into place when \
            whole, so an interrupted build leaves an older store as it was.
            """)

    @Option(name: .long, help: ArgumentHelp("Timeline file, or a folder holding timeline.json; a TimelineJS file or spreadsheet (CSV) too.", valueName: "path"))
    var data: String?

    @OptionGroup var format: FormatOption

    @Option(name: .long, help: ArgumentHelp("Write the store here (default: timeline.sqlite beside the timeline file).", valueName: "file"))
    var output: String?

    /// The signal that interrupted the build, if one did.
    static let interrupt = Atomic<Int32>(0)

    func validate() throws {
        if data == nil, output == nil {
            throw ValidationError("the bundled timeline is built into tl: give --data to index a timeline file, or --output to index the bundled one anyway")
        }
        if let data, OpenedData.isStore(data) { throw ValidationError("\(data) is already a store; give the timeline it was built from") }
    }

    func run() throws {
        let files = data.map { TimelineFiles.disk($0) } ?? .bundled
        let timelineFile = files.displayPath(files.mainFile)
        let output = output ?? URL(fileURLWithPath: timelineFile).deletingLastPathComponent().appendingPathComponent(defaultStoreName).relativePath
        if let data, URL(fileURLWithPath: output).standardizedFileURL == URL(fileURLWithPath: TimelineFiles.disk(data).displayPath(files.mainFile)).standardizedFileURL {
            throw ValidationError("--output \(output) is the timeline itself; tl never writes over the timeline it reads")
        }
        let bar = ProgressLine()
        // An interrupt stops the build between batches of events, which removes its temporary
        // files; a file too large for its limit is a write error, not a kill.
        for interrupt in [SIGINT, SIGTERM, SIGHUP] { signal(interrupt) { caught in Index.interrupt.store(caught, ordering: .relaxed) } }
        signal(SIGXFSZ, SIG_IGN)
        var writer = StoreWriter(path: output)
        let storeName = URL(fileURLWithPath: output).lastPathComponent
        writer.progress = { fraction, doing in bar.show(fraction, "\(doing) \(storeName)") }
        writer.isCancelled = { Index.interrupt.load(ordering: .relaxed) != 0 }
        let result: Result<StoreWriter.Built, TimelineLoadError>
        do throws(StoreError) {
            result = try writer.build(from: files, format: format.format, recordsFiles: data != nil)
        } catch {
            bar.clear()
            writeError("tl: \(TerminalText.sanitize(error.description))")
            if case .interrupted = error { throw ExitCode(128 + Index.interrupt.load(ordering: .relaxed)) }
            throw Status.dataError
        }
        bar.clear()
        let built: StoreWriter.Built
        switch result {
        case .success(let made): built = made
        case .failure(let error):
            reportLoadError(error, dataPath: data)
            throw Status.dataError
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        print("\(Plain.clean(output)): \(Wording.counted(built.eventCount, "event")) from \(Plain.clean(timelineFile)), \(Wording.grouped(size / 1_048_576)) MiB")
    }
}

/// A one-line progress bar on standard error, drawn only when it is a terminal, cut to the
/// terminal's width (a line that wrapped would leave a copy of itself at every redraw).
final class ProgressLine: Sendable {
    private let shown = isatty(2) == 1

    func show(_ fraction: Double, _ what: String) {
        guard shown else { return }
        let fraction = min(1, max(0, fraction))
        var size = winsize()
        let columns = ioctl(2, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        // A narrow terminal gets a shorter bar, and room for some of the words.
        let cells = min(30, max(10, columns / 3))
        let filled = Int((fraction * Double(cells)).rounded())
        let line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "] \(Int(fraction * 100))% " + TerminalText.sanitize(what)
        // One cell short of the width, so that the cursor never wraps to the next line.
        put("\r" + TerminalText.truncate(line, to: columns - 1) + "\u{1B}[K")
    }

    func clear() { if shown { put("\r\u{1B}[K") } }

    private func put(_ text: String) { _ = text.withCString { write(2, $0, strlen($0)) } }
}
