/** The widget's styles, inside its Shadow DOM; hosts theme it with --holdless-* custom properties. */
export const CSS = `
:host{all:initial}
*{box-sizing:border-box}
[hidden]{display:none!important}
dialog{--a:var(--holdless-accent,#0b57d0);--at:var(--holdless-accent-text,#fff);--bg:var(--holdless-bg,#fff);--fg:var(--holdless-text,#1b1b1f);--mu:var(--holdless-muted,#5f6368);--er:var(--holdless-error,#b3261e);--r:var(--holdless-radius,10px);
font:15px/1.4 var(--holdless-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--fg);background:var(--bg);border:0;border-radius:var(--r);padding:0;width:min(440px,calc(100vw - 16px));max-height:calc(100dvh - 16px);overflow:auto;box-shadow:0 12px 40px rgba(0,0,0,.3)}
dialog::backdrop{background:rgba(0,0,0,.45)}
.hd{display:flex;align-items:flex-start;justify-content:space-between;gap:8px;padding:16px 18px 4px}
.hdr{display:flex;align-items:center;gap:4px;flex:none}
.from{margin:2px 0 0;font-size:13px}
select.lang{width:auto;padding:4px 6px;font-size:13px}
.lang-l{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.call a{color:var(--a);font-weight:600}
h2{font-size:18px;margin:0}
.x{background:none;border:0;font-size:24px;line-height:1;color:var(--mu);cursor:pointer;padding:4px 8px;border-radius:6px}
.bd{padding:4px 18px 18px}
p{margin:6px 0 12px;color:var(--mu)}
.f{margin:0 0 12px}
label,legend{display:block;font-weight:600;margin:0 0 4px;font-size:14px}
.req{color:var(--er);margin-left:2px}
input,select,textarea{font:inherit;color:inherit;background:var(--bg);width:100%;padding:9px 10px;border:1px solid #9aa0a6;border-radius:calc(var(--r) - 4px)}
textarea{min-height:64px;resize:vertical}
.ph{display:flex;flex-wrap:wrap;gap:6px}.ph select{flex:1 1 11em;min-width:0}.ph input{flex:1 1 11em;min-width:0}
fieldset{border:0;padding:0;margin:0 0 12px;min-width:0}
.opt{display:flex;gap:8px;align-items:flex-start;margin:6px 0;font-weight:400}
.opt input{width:auto;margin-top:3px}
.hint{display:block;color:var(--mu);font-size:13px;font-weight:400}
.slots{display:grid;grid-template-columns:minmax(0,1fr) 6.5em;gap:6px;margin-top:6px}
.err{color:var(--er);font-size:13px;margin-top:4px}
.err:empty{display:none}
[aria-invalid=true]{border-color:var(--er);outline-color:var(--er)}
.acts{display:flex;gap:8px;justify-content:flex-end;margin-top:16px;flex-wrap:wrap}
button.b{font:inherit;font-weight:600;padding:9px 16px;border-radius:calc(var(--r) - 4px);cursor:pointer;border:1px solid var(--a);background:var(--bg);color:var(--a)}
button.p{background:var(--a);color:var(--at)}
button:disabled{opacity:.6;cursor:progress}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.st{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.ok{font-size:16px;color:var(--fg);margin:8px 0}
.prop{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.prop button{font:inherit;font-size:13px;padding:4px 10px;border-radius:99px;border:1px solid var(--a);background:var(--bg);color:var(--a);cursor:pointer}
.formerr{color:var(--er);margin:0 0 8px}
.formerr:empty{display:none}
`;

export const LAUNCHER_CSS = `
:host{all:initial}
button{position:fixed;right:16px;bottom:16px;z-index:2147483000;font:600 15px/1 var(--holdless-font,system-ui,sans-serif);padding:14px 18px;border-radius:99px;border:0;cursor:pointer;
background:var(--holdless-accent,#0b57d0);color:var(--holdless-accent-text,#fff);box-shadow:0 6px 20px rgba(0,0,0,.25)}
button:focus-visible{outline:3px solid #000;outline-offset:2px}
`;
