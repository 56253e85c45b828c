// Placeholder entry point until the agent executable lands (issue 5); the agent engineer replaces this file.
return 0;
