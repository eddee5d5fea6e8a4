import { LightningElement } from 'lwc';

export default class Intake extends LightningElement {}
