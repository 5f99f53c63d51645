namespace Transports.Budget;

/// <summary>The budget file is missing or invalid; the message is one line naming the file and the problem.</summary>
/// <param name="message">One line: the file and what is wrong with it.</param>
public sealed class BudgetFileException(string message) : Exception(message);
