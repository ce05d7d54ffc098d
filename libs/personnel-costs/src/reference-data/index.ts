import { loadReferenceData } from '../reference-data';
import type { ReferenceData } from '../types';
import tvoedVkaFile from './tvoed-vka.json';

/** The raw file form of the TVöD-VKA reference data (PERSONNEL-COSTS.md section 8). */
export const TVOED_VKA_REFERENCE_FILE: unknown = tvoedVkaFile;

/**
 * TVöD-VKA reference data, validated: pay table rows S 11b, S 12, S 14, E 9b, E 10, E 11
 * (2024 / 2025 / 2026), SuE-Zulage, Jahressonderzahlung rates, on-cost rates.
 */
export const TVOED_VKA_REFERENCE_DATA: ReferenceData = loadReferenceData(tvoedVkaFile);
