// Notebook renderer that extends VS Code's markdown-it renderer with clickable task-list checkboxes.
export {};
