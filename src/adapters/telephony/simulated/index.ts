export { SimulatedCallControl, type DialRecord, type SimulatedDriverOptions } from './driver.js';
export { SimulatedLeg, SimulatedInboundCall, type DigitScript } from './leg.js';
export { DEFAULT_CUSTOMER_MIX, SIP_CODE, type AgentScript, type CustomerBehaviour, type CustomerScript, type InboundScript } from './scripts.js';
