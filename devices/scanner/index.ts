/** Barcode scanners: the family for the registry, the driver and the simulator. */
export { scannerFamily, createScanner, scannerSimulatorOptions } from './family';
export { SerialScanner, type SerialScannerOptions, type ScannerTuning, type ScannerEvents } from './scanner';
export { SimulatedScanner, type SimulatedScannerOptions } from './simulated-scanner';
export { ScannerSimulator, type ScannerSimulatorOptions } from './simulator';
export { ScannerSimDevice } from './sim-device';
export { decodeScanText, isLineNoise, scanText } from './text';
