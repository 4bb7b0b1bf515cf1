using Microsoft.VisualStudio.TestTools.UnitTesting;

// Tests share no static state except the thread-static current loop, which each test sets up
// and tears down on its own thread; running test classes in parallel keeps `dotnet test` fast.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
