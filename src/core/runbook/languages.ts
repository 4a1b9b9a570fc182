/** Fence languages <-> VS Code language ids (a `bash` fence shows as `shellscript`, an empty one as `plaintext`). */

const TO_LANGUAGE_ID: Record<string, string> = {
  '': 'plaintext',
  text: 'plaintext',
  txt: 'plaintext',
  bash: 'shellscript',
  sh: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  yml: 'yaml',
  md: 'markdown',
  ps1: 'powershell',
};

const FROM_LANGUAGE_ID: Record<string, string> = { plaintext: '', shellscript: 'bash' };

export function toLanguageId(fenceLanguage: string): string {
  return TO_LANGUAGE_ID[fenceLanguage.toLowerCase()] ?? fenceLanguage;
}

/**
 * The fence language for a cell shown as `languageId`: the original fence language while the user has not changed
 * the cell's language, else the usual fence word for the new id.
 */
export function toFenceLanguage(languageId: string, original?: string): string {
  if (original !== undefined && toLanguageId(original) === languageId) {
    return original;
  }
  return FROM_LANGUAGE_ID[languageId] ?? languageId;
}
