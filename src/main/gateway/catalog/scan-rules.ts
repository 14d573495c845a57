/**
 * The scanner's rules: phrasings that speak to the model rather than describe a tool. Each is
 * matched case-insensitively on normalised text (`scan-normalize.ts`).
 *
 * Every rule is narrow on purpose: ordinary descriptions say "read a file", "your API key is
 * sent in the Authorization header", "ignores hidden files" or "skip rules that do not apply",
 * and none of those may fire. The guard is the real-tool corpus in test/fixtures/scan-corpus.
 */

/** One rule: why it fires, and the pattern that makes it. */
export interface Rule {
  reason: string;
  pattern: RegExp;
}

const raw = String.raw;
/** Up to n characters within one sentence (a dot inside `~/.ssh` or a URL does not end it). */
const within = (n: number) => raw`(?:[^.!?\n]|[.!?](?=\S)){0,${n}}?`;
/** Up to n words of filler: "all of the", "your earlier", "any and all". */
const words = (n: number) => raw`(?:[\w'\u2019-]+[\s,]+){0,${n}}`;

const OVERRIDE_VERB = raw`(?:ignore|disregard|forget|override|overrule|supersede|discard|abandon|neglect|set\s+aside|pay\s+no\s+(?:\w+\s+)?(?:attention|heed|mind)|do\s+not\s+(?:follow|obey)|stop\s+following|no\s+longer\s+(?:follow|obey))`;
const EARLIER = raw`(?:previous|previously|prior|above|earlier|preceding|foregoing|former|original|initial|existing|system|developer|safety|all|any|every|everything|other)`;
const ORDERS = raw`(?:instructions?|guidance|guidelines?|directions?|directives?|commands?|orders|rules|policies|prompts?|system\s+(?:prompt|message)s?|constraints|restrictions|safeguards|programming|context)`;
const USER = raw`(?:the\s+)?(?:user|human|person|operator|owner|requester)s?`;
const TELL = raw`(?:tell|inform|notify|alert|mention|reveal|show|disclose|report|explain|let|warn)`;
const SECRET_FILE = raw`(?:~|\$HOME|%USERPROFILE%)[\\/]\.[\w.-]+|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.ssh[\\/]|\.aws[\\/]credentials|\.(?:npmrc|netrc|pypirc|pgpass|git-credentials|bash_history|zsh_history)\b|\.kube[\\/]config|\.docker[\\/]config\.json|(?:^|[\s'"\x60(/])\.env(?:\.\w+)?\b|claude_desktop_config\.json|[\\/]\.cursor[\\/]mcp\.json|\bmcp\.json\b|\/etc\/(?:passwd|shadow|sudoers)\b|authorized_keys|keychain|wallet\.dat`;
const SECRET = raw`(?:api[\s_-]?keys?|private[\s_-]?keys?|ssh[\s_-]?keys?|secret[\s_-]?keys?|access[\s_-]?keys?|(?:access|auth|bearer|session|refresh|oauth|api|personal[\s_-]access)?[\s_-]?tokens?|pats?|credentials?|passwords?|passphrases?|passcodes?|secrets?|cookies?|session[\s_-]?ids?|seed[\s_-]?phrases?|mnemonics?|recovery[\s_-]?phrases?|otp|2fa\s+codes?|one[\s-]time\s+(?:codes?|passwords?)|cvv|card\s+numbers?)`;
/** Secrets no tool description has cause to ask the model to move around. */
const STRONG_SECRET = raw`(?:passwords?|passphrases?|session\s+tokens?|private\s+keys?|secret\s+(?:access\s+)?keys?|seed\s+phrases?|recovery\s+phrases?|cookies?|ssh\s+keys?|mnemonics?)`;
const PLACE = raw`(?:field|parameter|param|argument|arg|input|box|textbox|slot|property|attribute)`;
const GIVE = raw`(?:provide|pass|include|supply|send|give|enter|paste|put|insert|add|attach|share|append|submit|fill\s+in|copy|forward|post|upload|embed|write)`;
const SEND = raw`(?:(?:send|upload|forward|transmit|leak|copy|e?mail|post|report|relay|sync|mirror|exfiltrate|route|reroute|redirect|divert|deliver|dispatch|share|transfer)(?:s|es|ed|ing)?)`;
const EMAIL = raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`;
/** A tool name in running text: snake, kebab or dotted case (one word is too common a noun). */
const TOOL_NAME = raw`[\x60'"]?[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+[\x60'"]?`;
/** The conversation as a whole, which no tool's parameter needs. */
const HISTORY = raw`(?:(?:every|all|each)\s+(?:of\s+the\s+)?messages?\s+(?:exchanged|sent|received|written)|(?:messages|everything)\s+(?:\w+\s+){0,3}so\s+far|(?:conversation|chat|message)\s+(?:history|transcript|log)|(?:entire|full|whole|complete)\s+(?:conversation|chat)|(?:conversation|chat)\s+so\s+far|(?:transcript|history)\s+of\s+(?:this|the)\s+(?:conversation|chat|session)|(?:all|every|the\s+last\s+\d+)\s+(?:previous\s+|prior\s+)?messages\s+(?:of|in|from)\s+(?:every|each|all|the)\s+(?:chats?|conversations?|threads?))`;
/** "any other", "all the remaining": a bare "other tools" is how servers point at their own. */
const ANY_OTHER = raw`(?:any|all|every|each)\s+(?:of\s+the\s+)?(?:other|another|remaining|subsequent)`;

/** The rules, in the order their reasons are reported. */
export const RULES: Rule[] = [
  {
    reason: 'tells the model to ignore or override its instructions',
    pattern: new RegExp(
      raw`\b${OVERRIDE_VERB}\b${within(40)}\b${EARLIER}\b${within(30)}\b${ORDERS}\b` +
        raw`|\b${OVERRIDE_VERB}\s+(?:all\s+|everything\s+)?(?:you\s+(?:were|have\s+been)\s+told|(?:said|written|stated)\s+(?:above|before))` +
        raw`|\b${EARLIER}\s+(?:\w+\s+)?${ORDERS}\s+(?:are|is|were|have\s+been|should\s+be|must\s+be|can\s+be|shall\s+be|will\s+be)\s+(?:\w+\s+)?(?:void|null|obsolete|cancel+ed|revoked|superseded|replaced|overridden|ignored|disregarded|invalid|lifted|suspended|no\s+longer\s+(?:valid|apply|applies|relevant|in\s+force))` +
        // The same order in the languages a keyword filter is least likely to know.
        raw`|\bignor(?:e|ez|iere|ieren|a|ar|are)\s+(?:\w+\s+){0,3}(?:instructions?\s+(?:precedentes|anterieures)|(?:vorherigen|bisherigen|fruheren|obigen)\s+anweisungen|instrucciones\s+anteriores|istruzioni\s+precedenti|instrucoes\s+anteriores)` +
        raw`|\b${ORDERS}\s+(?:\w+\s+){0,3}(?:earlier|before|previously|above|so\s+far|until\s+now)\s+(?:no\s+longer\s+(?:apply|count|matter|hold)|(?:are|is)\s+(?:\w+\s+)?(?:void|obsolete|cancel+ed|revoked|superseded|invalid))` +
        raw`|\b(?:system|admin|developer|root)\s+override\b|\b(?:outrank|overrule|override|supersede|take\s+precedence\s+over|have\s+priority\s+over)s?\s+(?:the\s+user|the\s+system\s+prompt|your\s+(?:instructions|rules|guidelines))` +
        raw`|\bact\s+as\s+(?:an?\s+)?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|unaligned)\b|\b(?:no|without\s+(?:any\s+)?)(?:content|safety)\s+(?:polic(?:y|ies)|filters?|guidelines|rules|restrictions)\b` +
        raw`|\byou\s+are\s+now\s+(?:a|an|in|the|no\s+longer|free|unrestricted|DAN)\b|\bnew\s+(?:system\s+)?(?:instructions|rules|directives)\s*:` +
        raw`|\b(?:system|developer)\s+(?:prompt|message|instructions?)\s*(?::|override|update)` +
        raw`|\b(?:enter|enable|activate|switch\s+to)\s+(?:dan|jailbreak|god|unrestricted|unfiltered)\s+mode|\bjailbr(?:ea|o)k` +
        raw`|\bfrom\s+now\s+on\s*,?\s+(?:you|always|never|ignore|respond|reply|answer|include|call|use)\b` +
        raw`|\b(?:in|to)\s+(?:every|each|all)\s+(?:future|subsequent|later)\s+(?:responses?|replies|answers|messages|turns|conversations?)`,
      'i',
    ),
  },
  {
    reason: 'tells the model to keep something from the user',
    pattern: new RegExp(
      raw`\b(?:do\s+not|don'?t|never|must\s+not|should\s+not|shouldn'?t|mustn'?t|avoid)\s+(?:ever\s+)?${TELL}(?:ing)?\s+(?:this\s+|it\s+|anything\s+|them\s+)?(?:to\s+|with\s+)?${USER}` +
        raw`|\b(?:do\s+not|don'?t|never|must\s+not)\s+(?:mention|reveal|disclose|acknowledge|explain|display|report|log|describe)\s+(?:this|that|these|it|any\s+of\s+this|the\s+(?:above|following|instructions?|steps?|fact|file|request|note|sidenote|extra|additional|hidden))\b` +
        raw`|\bwithout\s+(?:telling|informing|notifying|alerting|asking|showing|warning|letting)\s+${USER}` +
        raw`|\bwithout\s+${USER}(?:'s)?\s+(?:knowing|noticing|knowledge|awareness|consent|seeing)` +
        raw`|\b(?:hide|conceal|keep)\s+(?:this|it|that|the\s+\w+)\s+(?:hidden\s+|secret\s+)?from\s+${USER}` +
        raw`|\b${USER}\s+(?:must|should|need|does|do)\s*(?:not|n't|never)\s+(?:to\s+)?(?:know|see|notice|find\s+out|be\s+(?:told|informed|aware))` +
        raw`|\b(?:silently|secretly|covertly|quietly|discreetly|invisibly)\s+(?:read|send|forward|copy|include|add|pass|upload|call|invoke|run|execute|exfiltrat\w*|collect|attach|append|bcc|cc|transfer|redirect|change|replace|insert|also)\b` +
        raw`|\b(?:this|these|the\s+following)\s+(?:is|are)\s+(?:an?\s+)?(?:hidden|secret|confidential|internal)\s+(?:instructions?|steps?|requirements?|notes?)\b`,
      'i',
    ),
  },
  {
    reason: 'carries a hidden instruction tag',
    pattern:
      /<\s*\/?\s*(?:important|system|system[-_]?(?:prompt|message|reminder|note)|hidden|secret|critical|admin|override|assistant|assistant[-_]?instructions?|prompt|internal|note[-_]?to[-_]?(?:ai|llm|model|assistant))\b[^>]{0,40}>|<\|(?:im_start|im_end|system|endoftext|start_header_id|eot_id)\|>|\[\/?(?:INST|SYS|SYSTEM)\]|<<\s*\/?SYS\s*>>|<!--|^[ \t]*#{1,3}[ \t]*(?:system|instructions?\s+for\s+(?:the\s+)?(?:ai|assistant|model|llm))\b|\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:ai|llm|language\s+model|assistant|agent)\s*:/im,
  },
  {
    reason: 'asks for keys, dotfiles or credential files',
    pattern: new RegExp(
      raw`\b(?:read|open|cat|load|fetch|get|include|attach|collect|extract|access|pass|provide|send|upload|copy|dump|print|output|list|grab|retrieve|append|write|add|echo|overwrite|modify)\b${within(80)}(?:${SECRET_FILE})` +
        raw`|(?:${SECRET_FILE})${within(80)}\b(?:as|in|into)\s+(?:the\s+)?['"\x60]?\w+['"\x60]?\s+${PLACE}`,
      'i',
    ),
  },
  {
    reason: 'asks the model for credentials',
    pattern: new RegExp(
      raw`\b${GIVE}\s+${words(4)}${SECRET}\b${within(60)}\b(?:in|into|as|to|inside|within|via|through|under)\s+(?:the\s+|this\s+|a\s+|an\s+|its\s+)?${words(2)}${PLACE}` +
        raw`|\b${GIVE}\s+(?:the\s+|your\s+|all\s+|any\s+|every\s+)?(?:user'?s?\s+|their\s+)?(?:environment\s+variables|env\s+vars|process\.env)` +
        raw`|\b(?:${GIVE}|print|echo|output|reveal|dump|read)\s+${words(4)}\$\w*(?:TOKEN|KEY|SECRET|PASSWORD|PASSWD|PAT|CREDENTIALS?)\w*` +
        raw`|\b(?:${GIVE}|reveal|print|output|repeat|dump|leak|show)\s+${words(4)}(?:your|the\s+(?:assistant|model|agent)'?s)\s+(?:own\s+|full\s+|entire\s+|original\s+|hidden\s+)?(?:system\s+(?:prompt|message|instructions)|initial\s+(?:prompt|instructions)|developer\s+(?:message|instructions)|instructions|guidelines|rules)\b` +
        raw`|\b(?:ask|prompt|request)\s+(?:the\s+user|them|the\s+human)\s+(?:for|to\s+(?:enter|provide|type|share|give))\s+(?:their|the|his|her|its|your)\s+${words(2)}(?:passwords?|passphrases?|seed\s+phrases?|recovery\s+phrases?|mnemonics?|private\s+keys?|2fa|otp|one[\s-]time|cvv|card\s+numbers?)` +
        raw`|\b(?:what\s+is|tell\s+me)\s+(?:your|the\s+user'?s)\s+${words(2)}${SECRET}\b` +
        raw`|\b${PLACE}\s+(?:(?:must|should|needs?\s+to|has\s+to|is\s+to)\s+(?:contain|hold|include|carry|receive|be\s+(?:set\s+to|filled\s+with))|expects|requires|takes|wants|needs|accepts)\s+${words(4)}(?:user'?s?|their|his|her|your\s+own|the\s+current)\s+${words(2)}${SECRET}\b` +
        raw`|\b(?:must|should|always|needs?\s+to)\s+(?:be\s+)?(?:\w+\s+){0,2}(?:prefix|suffix|append|follow|accompan|combin|sign|contain|include|carr|hold|end|start)\w*\s+(?:with\s+|by\s+)?(?:the\s+)?(?:user'?s|their|your\s+own)\s+${words(1)}${STRONG_SECRET}` +
        raw`|\b(?:user'?s|their)\s+${words(1)}${STRONG_SECRET}${within(40)}\b(?:fill|put|enter|insert|paste|place|write|add|include)\w*\s+(?:it|them|this|that)\s+(?:in|into|as|to)\b`,
      'i',
    ),
  },
  {
    reason: 'asks the model to send data to another place',
    pattern: new RegExp(
      raw`\b${SEND}\b${within(80)}\b(?:to|at)\s+(?:https?:\/\/|${EMAIL}|\+?\d[\d\s().-]{7,}\d|(?:an?\s+|the\s+|my\s+|our\s+)?(?:external|remote|third[\s-]party|attacker'?s?|backup|collection|logging|analytics|monitoring|audit)\s+(?:server|address|url|endpoint|email|webhook|inbox|host|service))` +
        raw`|\bexfiltrat` +
        raw`|\b(?:always|also|secretly|silently|quietly|additionally|automatically|must|should|make\s+sure\s+to|remember\s+to)\b${within(40)}\b(?:bcc|cc|blind[\s-]copy|carbon[\s-]copy)\b` +
        raw`|\b(?:bcc|cc)\s*:?\s*(?:me|us|${EMAIL}\s+(?:on|in|to)\s+(?:every|all|each|any))\b` +
        raw`|\b(?:change|replace|switch|override|set)\s+(?:the\s+)?(?:recipient|destination|to[\s-]address|receiver|phone\s+number|account\s+number|iban|wallet(?:\s+address)?|payee)\b${within(40)}\b(?:to|with)\b` +
        raw`|\b(?:must|should|always|instead)\s+(?:be\s+)?(?:sent|forwarded|redirected|routed|delivered|transferred)\s+to\b` +
        raw`|\b(?:redirect|reroute)\s+(?:all\s+|every\s+|any\s+)?(?:emails?|messages?|payments?|funds|transfers?|traffic|requests?)\b`,
      'i',
    ),
  },
  {
    reason: "reaches for other tools' data or behaviour",
    pattern: new RegExp(
      raw`\b(?:read|include|collect|copy|send|pass|forward|attach|append|log|record)\s+(?:the\s+)?(?:contents?|outputs?|results?|responses?|data|arguments?|parameters?|calls?)\s+(?:of|from|to)\s+(?:all\s+|any\s+|every\s+)?(?:other|another|previous|prior)\s+(?:tools?|servers?|functions?)\b` +
        raw`|\bwhen\s+(?:this|the\s+\w+)\s+tool\s+is\s+(?:available|present|installed|loaded|enabled)\b${within(80)}\b(?:must|should|always|instead)\b` +
        raw`|\b${HISTORY}${within(60)}\b(?:${PLACE}|send|include|pass|upload|post|forward)\b` +
        raw`|\b(?:${PLACE}|send|include|pass|append|attach|copy|upload|post|forward|with)\b${within(60)}\b${HISTORY}` +
        raw`|\b(?:before|after|when|whenever|every\s+time|each\s+time|prior\s+to)\s+(?:you\s+)?(?:using|use|calling|call|invoking|invoke|running|run|executing)\s+(?:${ANY_OTHER})\s+(?:tools?|functions?|servers?|mcp)\b` +
        raw`|\b(?:do\s+not|don'?t|never)\s+(?:use|call|invoke|trust)\s+(?:${ANY_OTHER})\s+(?:tools?|servers?|functions?)\b` +
        raw`|\b(?:other|all\s+other|the\s+other\s+(?:one|tool|server|version))\s+(?:tools?\s+|servers?\s+)?(?:are|is)\s+(?:now\s+)?(?:deprecated|broken|malicious|unsafe|compromised|insecure|disabled|untrusted)` +
        raw`|\bthis\s+(?:tool|version|server|function|implementation)\s+(?:replaces|supersedes|overrides|shadows|takes\s+precedence\s+over)\b` +
        raw`|\b(?:the\s+)?(?:only|most)\s+(?:trusted|secure|safe|official|authori[sz]ed)\s+(?:tool|server|source)\b` +
        raw`|\b(?:choose|prefer|use|pick|select|call)\s+this\s+(?:tool|server|function)\s+(?:over|instead\s+of|rather\s+than|before)\s+(?:any|all|every)\b` +
        raw`|\b(?:before|ahead\s+of|prior\s+to|preceding)\s+(?:calling\s+|using\s+|invoking\s+)?(?:any|all|every|each)\s+(?:of\s+the\s+)?(?:other\s+|another\s+|remaining\s+)?(?:tools?|tool\s+calls?|functions?|servers?)\b` +
        raw`|\b(?:for\s+)?(?:all|every|each|any)\s+(?:other\s+)?(?:tool|mcp|function)\s+calls?\b${within(40)}\b(?:must|should|always|first|also)\b` +
        raw`|\b(?:prepend|prefix|append|add|insert|inject)\b${within(40)}\b(?:to|before|after|into)\s+(?:every|each|all|any)\s+(?:\w+\s+)?(?:commands?|calls?|requests?|queries|messages?|emails?|responses?|replies|tool\s+calls?)\b`,
      'i',
    ),
  },
  {
    reason: 'contains a download-and-run or reverse-shell command',
    pattern:
      /\b(?:curl|wget|iwr|invoke-webrequest)\b[^|\n]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|\bbash\s+-i\s*>&?\s*\/dev\/tcp\/|\/dev\/tcp\/[\w.-]+\/\d+|\bnc(?:at)?\s+(?:-\w+\s+)*-e\s+\/bin\/|\bpowershell(?:\.exe)?\s+(?:-\w+\s+)*-e(?:nc(?:odedcommand)?)?\s+[A-Za-z0-9+/=]{16,}|\bchmod\s+\+x\b[^\n]{0,80}&&\s*\.\/|\brm\s+-rf\s+(?:\/|~|\$HOME)(?:\s|$|\*)/i,
  },
];

/**
 * A parameter name that is a sentence ("content_from_reading_ssh_id_rsa"), read as words: it
 * names a secret file or an instruction. Ordinary names are one to three words.
 */
export const NAME_RULE: Rule = {
  reason: 'has a parameter name that reads as an instruction',
  pattern:
    /^(?=(?:\S+\s+){3})(?:.*\b(?:ssh|id (?:rsa|dsa|ecdsa|ed25519)|mcp json|aws credentials|env file|dotenv|private keys?|passwd|authorized keys|kube config|npmrc|netrc|system prompt|conversation|chat history)\b|.*\b(?:ignore|disregard|forget)\b.*\b(?:instructions?|rules|prompts?|previous|prior|above|guidance)\b|.*\b(?:exfiltrate|leak|steal)\b)/i,
};

/**
 * A sentence that points the model at a named tool ("when using send_email", "before calling
 * read_file", "instead of create_issue") together with an order. The name is captured so the
 * caller can tell the tool's own siblings (fine) from another server's tools (shadowing).
 */
export const NAMED_TOOL_ORDER = new RegExp(
  raw`(?:\b(?:when(?:ever)?|before|after|every\s+time|each\s+time|prior\s+to)\s+(?:you\s+|the\s+(?:user|model|agent|assistant)\s+)?(?:use|uses|using|call|calls|calling|invoke|invokes|invoking|run|runs|running|execute|executing)|\b(?:instead\s+of|rather\s+than|in\s+place\s+of)(?:\s+(?:using|calling|invoking|running))?)\s+(?:the\s+)?(${TOOL_NAME})`,
  'gi',
);

/** Words in the same sentence that make a mention of another tool an order. */
export const ORDER_WORDS =
  /\b(?:always|must|should|never|also|first|instead|make\s+sure|ensure|remember|do\s+not|don'?t|add|include|set|change|replace|send|forward|bcc|cc|pass|append|prepend|call|use)\b/i;

/** The tail of a sentence from `index` on, where an order that follows a tool name would sit. */
export function sentenceAfter(text: string, index: number): string {
  const rest = text.slice(index, index + 200);
  const end = rest.search(/[.!?](?:\s|$)|\n/);
  return end === -1 ? rest : rest.slice(0, end);
}
