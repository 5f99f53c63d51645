using System.Text.RegularExpressions;
using Transports.Harness.Cli;
using Transports.Results;

namespace Transports.Harness.Baselines;

/// <summary>
/// The named baselines a CI gate compares against: <c>results/baselines/NAME/results.json</c>, a copy of one run's
/// results.json (which carries the run's environment, arguments and parameters, so the baseline is self-describing).
/// Names are one path segment: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters.
/// </summary>
public sealed partial class BaselineStore
{
    /// <summary>The folder under the results root that holds the baselines.</summary>
    public const string FolderName = "baselines";

    internal const string ResultsFile = "results.json";

    /// <summary>A store under <paramref name="resultsRoot"/> (the folder that receives run folders).</summary>
    /// <param name="resultsRoot">Parent of run folders, e.g. <c>./results</c>.</param>
    public BaselineStore(string resultsRoot)
    {
        ResultsRoot = Path.GetFullPath(resultsRoot);
        Folder = Path.Combine(ResultsRoot, FolderName);
    }

    /// <summary>The results root (run folders live here).</summary>
    public string ResultsRoot { get; }

    /// <summary>The baselines folder, <c>&lt;results root&gt;/baselines</c>.</summary>
    public string Folder { get; }

    /// <summary>The results root a command uses: <paramref name="option"/> when given, else $TRANSPORTS_RESULTS, else ./results.</summary>
    /// <param name="option">The <c>-results-dir</c> value, or null.</param>
    public static string DefaultRoot(string? option)
    {
        if (!string.IsNullOrEmpty(option)) return option;
        var env = Environment.GetEnvironmentVariable("TRANSPORTS_RESULTS");
        return string.IsNullOrEmpty(env) ? Path.Combine(Environment.CurrentDirectory, "results") : env;
    }

    /// <summary>Checks a baseline name.</summary>
    /// <param name="name">The name as typed.</param>
    /// <exception cref="UsageException">Empty, too long, or a character outside [A-Za-z0-9._-] (or a leading '.', '_' or '-').</exception>
    public static void ValidateName(string name)
    {
        if (!NamePattern().IsMatch(name))
            throw new UsageException($"bad baseline name '{Printable(name)}': use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    /// <summary>The folder of baseline <paramref name="name"/> (whether or not it exists).</summary>
    /// <param name="name">A valid name.</param>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>
    /// Keeps the run <paramref name="run"/> (a run folder or its results.json; the latest run under the results root when
    /// null) as baseline <paramref name="name"/>.
    /// </summary>
    /// <param name="name">Baseline name (validated).</param>
    /// <param name="run">Run folder or results.json; null for the latest run.</param>
    /// <param name="force">Replace an existing baseline of that name.</param>
    /// <returns>The saved baseline.</returns>
    /// <exception cref="UsageException">Bad name, no such run, unreadable results, or the name exists without <paramref name="force"/>.</exception>
    public BaselineInfo Save(string name, string? run, bool force)
    {
        ValidateName(name);
        var source = run is null ? LatestRun() ?? throw new UsageException($"no run folder with a results.json under {ResultsRoot}") : run;
        var file = Directory.Exists(source) ? Path.Combine(source, ResultsFile) : source;
        string text;
        ResultsDocument document;
        try
        {
            text = File.ReadAllText(file);
            document = ResultsJson.Deserialize(text);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"no results.json at {source}");
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{file}: {e.Message}");
        }
        var target = PathOf(name);
        var targetFile = Path.Combine(target, ResultsFile);
        if (File.Exists(targetFile) && !force)
            throw new UsageException($"baseline '{name}' exists (run {ReadRunId(targetFile)}); -force replaces it");
        Directory.CreateDirectory(target);
        // The document as written by the run (v1 documents are upgraded on every read, so the original text is kept).
        AtomicFile.WriteAllText(targetFile, text);
        return new BaselineInfo(name, targetFile, document);
    }

    /// <summary>Every baseline with a readable results.json, by name; unreadable ones are listed with their error.</summary>
    public IReadOnlyList<BaselineInfo> List()
    {
        if (!Directory.Exists(Folder)) return [];
        var list = new List<BaselineInfo>();
        foreach (var dir in Directory.EnumerateDirectories(Folder).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, ResultsFile);
            if (!File.Exists(file)) continue;
            try
            {
                list.Add(new BaselineInfo(Path.GetFileName(dir), file, ResultsJson.Load(file)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                list.Add(new BaselineInfo(Path.GetFileName(dir), file, null, e.Message));
            }
        }
        return list;
    }

    /// <summary>Removes baseline <paramref name="name"/>.</summary>
    /// <param name="name">Baseline name.</param>
    /// <exception cref="UsageException">Bad name or no such baseline.</exception>
    public void Remove(string name)
    {
        ValidateName(name);
        var target = PathOf(name);
        if (!Directory.Exists(target)) throw new UsageException($"no baseline '{name}' in {Folder}");
        Directory.Delete(target, recursive: true);
    }

    /// <summary>
    /// The results.json that <paramref name="nameOrPath"/> names: an existing file or folder path first, else a baseline
    /// of that name.
    /// </summary>
    /// <param name="nameOrPath">A run folder, a results.json, or a baseline name.</param>
    /// <exception cref="UsageException">Neither an existing path nor a saved baseline.</exception>
    public string Resolve(string nameOrPath)
    {
        if (File.Exists(nameOrPath)) return nameOrPath;
        if (Directory.Exists(nameOrPath))
        {
            var inFolder = Path.Combine(nameOrPath, ResultsFile);
            return File.Exists(inFolder) ? inFolder : throw new UsageException($"no results.json in {nameOrPath}");
        }
        if (NamePattern().IsMatch(nameOrPath) && File.Exists(Path.Combine(PathOf(nameOrPath), ResultsFile)))
            return Path.Combine(PathOf(nameOrPath), ResultsFile);
        throw new UsageException($"'{Printable(nameOrPath)}' is neither a results path nor a baseline in {Folder}");
    }

    /// <summary>The newest run folder under the results root that has a results.json (run ids start with yyyyMMdd-HHmmss); null when none.</summary>
    public string? LatestRun()
    {
        if (!Directory.Exists(ResultsRoot)) return null;
        return Directory.EnumerateDirectories(ResultsRoot)
            .Where(d => RunIdPattern().IsMatch(Path.GetFileName(d)) && File.Exists(Path.Combine(d, ResultsFile)))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .LastOrDefault();
    }

    private static string ReadRunId(string file)
    {
        try
        {
            return ResultsJson.Load(file).Run.Id;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    private static string Printable(string text)
    {
        var oneLine = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return oneLine.Length > 80 ? oneLine[..80] + "…" : oneLine;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{8}-\d{6}-")]
    private static partial Regex RunIdPattern();
}

/// <summary>One saved baseline.</summary>
/// <param name="Name">Its name.</param>
/// <param name="File">Its results.json.</param>
/// <param name="Document">The results; null when unreadable.</param>
/// <param name="Error">Why it is unreadable; null when readable.</param>
public sealed record BaselineInfo(string Name, string File, ResultsDocument? Document, string? Error = null);
